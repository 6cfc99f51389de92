import { AppError, appError, type FieldError } from './app-error.js'
import type { CatalogCode } from './error-catalog.js'

/** What clients see for any error that is not an `AppError` or a client error. */
export const unexpectedErrorDetail = 'An unexpected error occurred'

interface ValidationIssue {
  instancePath?: string
  message?: string
  params?: Record<string, unknown>
}

const statusCodes: Record<number, CatalogCode> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function fieldOf(issue: ValidationIssue, context: unknown): string {
  const path = (issue.instancePath ?? '').split('/').filter(Boolean)
  const missing = issue.params?.missingProperty ?? issue.params?.additionalProperty
  if (typeof missing === 'string') path.push(missing)
  if (path.length > 0) return path.join('.')
  return typeof context === 'string' ? context : 'body'
}

function validationError(error: Record<string, unknown>, issues: ValidationIssue[]): AppError {
  const errors: FieldError[] = issues.map((issue) => ({
    field: fieldOf(issue, error.validationContext),
    message: issue.message ?? 'is invalid',
  }))
  return appError('validation_failed', 'The request is not valid', { errors })
}

/**
 * Turns anything thrown while handling a request into the `AppError` answered to the client.
 * Fastify's own client errors get catalog codes; other 4xx errors keep their message; anything
 * else becomes a 500 whose detail reveals nothing.
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  if (!isRecord(error)) return appError('internal', unexpectedErrorDetail)
  if (Array.isArray(error.validation)) return validationError(error, error.validation as ValidationIssue[])

  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return appError('payload_too_large', 'The request body is larger than this endpoint accepts')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return appError('unsupported_media_type', 'The request content type is not supported here')
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return appError('bad_request', 'The request body is not valid JSON')
  }

  const status = error.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = typeof error.message === 'string' && error.message ? error.message : 'Bad request'
    return new AppError(statusCodes[status] ?? 'bad_request', status, message)
  }
  return appError('internal', unexpectedErrorDetail)
}

import {
  AppError,
  appError,
  createInternalClient,
  InternalApiError,
  type InternalClient,
} from '@leadflow/http'
import type { FastifyRequest } from 'fastify'

/** A client for another service's internal API, carrying this request's id. */
export function downstream(request: FastifyRequest, baseUrl: string, token: string): InternalClient {
  return createInternalClient({ baseUrl, token, requestId: request.id, timeoutMs: 5_000 })
}

/**
 * What the public API answers for a failed internal call: the downstream 4xx with its code
 * (404, 409, validation), anything else 503 without internals.
 */
export function fromDownstream(err: unknown): never {
  if (err instanceof InternalApiError && err.status >= 400 && err.status < 500 && err.status !== 401) {
    throw new AppError(err.problem?.code ?? 'bad_request', err.status, err.problem?.detail ?? 'Refused', {
      ...(err.problem?.errors ? { errors: err.problem.errors } : {}),
    })
  }
  throw appError('unavailable', 'A backing service is unavailable; try again later', { cause: err })
}

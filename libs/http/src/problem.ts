import type { FastifyReply } from 'fastify'
import type { AppError, FieldError } from './app-error.js'
import { problemTypeBase } from './error-catalog.js'

export const problemContentType = 'application/problem+json; charset=utf-8'

/** An RFC 9457 problem document with Leadflow's `code` and `requestId` members. */
export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  code: string
  requestId: string
  errors?: FieldError[]
  [extension: string]: unknown
}

export function toProblem(error: AppError, requestId: string): Problem {
  const problem: Problem = {
    ...error.extensions,
    type: `${problemTypeBase}${error.code}`,
    title: error.title,
    status: error.status,
    detail: error.message,
    code: error.code,
    requestId,
  }
  if (error.errors) problem.errors = error.errors
  return problem
}

/** Answers with `error` as problem+json, keeping the `x-request-id` header. */
export function sendProblem(reply: FastifyReply, error: AppError): FastifyReply {
  return reply
    .code(error.status)
    .headers(error.headers)
    .header('x-request-id', reply.request.id)
    .header('content-type', problemContentType)
    .send(JSON.stringify(toProblem(error, reply.request.id)))
}

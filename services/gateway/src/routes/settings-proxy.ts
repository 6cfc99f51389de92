import type { FastifyRequest } from 'fastify'
import type { Prisma } from '../generated/prisma/client.js'
import { requireUser } from '../auth/guards.js'
import { downstream, fromDownstream } from './downstream.js'
import { pageOf, pageQuery, responses } from './schemas.js'

/** JSON schema pieces shared by the settings resources (departments, sources, rules, providers...). */
export { instant, nullableInstant, nullableString, nullableUuid, uuid } from '@leadflow/api-schemas'

/** An object schema whose properties are all required and nothing else is sent. */
export function strictObject<P extends Record<string, unknown>>(properties: P, optional: string[] = []) {
  return {
    type: 'object',
    additionalProperties: false,
    properties,
    required: Object.keys(properties).filter((key) => !optional.includes(key)),
  } as const
}

export const pageQueryProperties = pageQuery.properties

export function pageResponse(item: object) {
  return responses({ 200: pageOf(item) })
}

export const noContent = responses({ 204: { type: 'null', description: 'Done' } })

/** Any signed-in user (not an API key). */
export const signedIn = requireUser()
/** Administrators only. */
export const adminOnly = requireUser('admin')

export interface Page<T> {
  data: T[]
  nextCursor: string | null
}

/**
 * Calls another service's internal API for this request, mapping its refusals to the public
 * problem codes (and anything else to 503 without internals).
 */
export function internalApi(request: FastifyRequest, baseUrl: string, token: string) {
  const client = downstream(request, baseUrl, token)
  return {
    get: <T>(path: string, query?: Record<string, string | number | boolean | undefined>) =>
      client.get<T>(path, query).catch(fromDownstream),
    post: <T>(path: string, body?: unknown) => client.post<T>(path, body).catch(fromDownstream),
    put: <T>(path: string, body?: unknown) => client.put<T>(path, body).catch(fromDownstream),
    patch: <T>(path: string, body?: unknown) => client.patch<T>(path, body).catch(fromDownstream),
    delete: (path: string) => client.delete<unknown>(path).catch(fromDownstream),
  }
}

/** The named fields of `row` as plain JSON, for an audit entry's before/after. */
export function auditFields(row: object, keys: readonly string[]): Prisma.InputJsonObject {
  const values = row as Record<string, unknown>
  const picked = Object.fromEntries(keys.filter((key) => key in values).map((key) => [key, values[key]]))
  return JSON.parse(JSON.stringify(picked)) as Prisma.InputJsonObject
}

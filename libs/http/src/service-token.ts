import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { appError } from './app-error.js'

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest()
}

/**
 * An onRequest hook for internal routes (so it runs before any validation or lookup): requires `Authorization: Bearer <token>`, compared in
 * constant time; anything else is answered 401 problem+json.
 * Use as `app.addHook('onRequest', requireServiceToken(config.INTERNAL_API_TOKEN))`.
 */
export function requireServiceToken(token: string): (request: FastifyRequest) => Promise<void> {
  if (token.length === 0) throw new Error('requireServiceToken needs a non-empty token')
  const expected = digest(token)
  return (request) => {
    const header = request.headers.authorization ?? ''
    const match = /^Bearer +(\S+)$/i.exec(header)
    if (match && timingSafeEqual(digest(match[1]!), expected)) return Promise.resolve()
    return Promise.reject(
      appError('unauthorized', 'A valid service token is required', {
        headers: { 'www-authenticate': 'Bearer' },
      }),
    )
  }
}

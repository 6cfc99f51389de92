import { safeEqual } from '@leadflow/crypto'
import type { AppError } from '@leadflow/http'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { createAccessTokenVerifier } from '../domain/access-token.js'
import { parseApiKey, sha256 } from '../domain/opaque-token.js'
import { gatewayError } from '../errors.js'
import type { PrismaClient } from '../generated/prisma/client.js'
import type { AuthEvents } from './auth-metrics.js'
import './principal.js'

export interface AuthenticateOptions {
  db: PrismaClient
  authEvents: AuthEvents
  jwt: { secret: string; issuer: string; audience: string }
  nearExpirySec: number
}

const lastUsedResolutionMs = 60_000

/**
 * Identifies the caller from `Authorization: Bearer <access token>` or `ApiKey <key>`. No header
 * means anonymous (routes decide); a header that does not verify is answered 401 at once.
 */
export function authenticateHook(options: AuthenticateOptions) {
  const { db, authEvents, jwt, nearExpirySec } = options
  const accessTokens = createAccessTokenVerifier(jwt)

  function refuse(request: FastifyRequest, error: AppError): AppError {
    authEvents.inc({ event: 'refused', reason: error.code })
    request.log.info({ code: error.code }, 'authentication refused')
    return error
  }

  async function fromApiKey(request: FastifyRequest, key: string): Promise<void> {
    const parsed = parseApiKey(key)
    const row = parsed ? await db.apiKey.findUnique({ where: { id: parsed.id } }) : null
    // Compare even when the key is unknown, so timing does not tell which ids exist.
    const matches = safeEqual(sha256(parsed?.secret ?? key), row?.secretHash ?? sha256('unknown-api-key'))
    if (!row || !matches || row.revokedAt) throw refuse(request, gatewayError('invalid_api_key'))
    request.principal = { kind: 'api_key', id: row.id, scopes: row.scopes }
    const now = new Date()
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > lastUsedResolutionMs) {
      db.apiKey
        .update({ where: { id: row.id }, data: { lastUsedAt: now } })
        .catch((err: unknown) => request.log.warn({ err }, 'api key last-used not recorded'))
    }
  }

  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    request.principal = null
    const header = request.headers.authorization
    if (header === undefined) return
    const space = header.indexOf(' ')
    const scheme = header.slice(0, space).toLowerCase()
    const value = header.slice(space + 1).trim()
    if (space < 0 || value.length === 0) throw refuse(request, gatewayError('invalid_token'))
    if (scheme === 'apikey') return fromApiKey(request, value)
    if (scheme !== 'bearer') throw refuse(request, gatewayError('invalid_token'))
    const verified = await accessTokens.verify(value)
    if (verified === 'expired') throw refuse(request, gatewayError('token_expired'))
    if (verified === 'invalid') throw refuse(request, gatewayError('invalid_token'))
    request.principal = {
      kind: 'user',
      id: verified.userId,
      role: verified.role,
      departmentId: verified.departmentId,
    }
    if (verified.expiresAt - Date.now() < nearExpirySec * 1000)
      void reply.header('x-token-near-expiry', 'true')
  }
}

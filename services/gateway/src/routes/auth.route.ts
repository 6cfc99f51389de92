import type { FastifyInstance, FastifyRequest } from 'fastify'
import { audit } from '../audit/audit.js'
import { issueTokens } from '../auth/token-issuer.js'
import { sha256 } from '../domain/opaque-token.js'
import { hashPassword, verifyPassword } from '../domain/password.js'
import { gatewayError } from '../errors.js'
import type { RouteDeps } from './route-deps.js'
import { responses } from './schemas.js'

const tokenPair = {
  type: 'object',
  properties: {
    accessToken: { type: 'string' },
    refreshToken: { type: 'string' },
    tokenType: { type: 'string', enum: ['Bearer'] },
    expiresIn: { type: 'integer', description: 'Seconds until the access token expires' },
  },
  required: ['accessToken', 'refreshToken', 'tokenType', 'expiresIn'],
} as const

const refreshBody = {
  type: 'object',
  properties: { refreshToken: { type: 'string', minLength: 1, maxLength: 256 } },
  required: ['refreshToken'],
  additionalProperties: false,
} as const

interface Credentials {
  email: string
  password: string
}

/** `POST /auth/token`, `/auth/refresh`, `/auth/logout`. */
export function authRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db, config, authEvents, loginThrottle, tokens } = deps
  // Unknown e-mails are checked against this hash too, so timing does not reveal which exist.
  const dummyHash = hashPassword('unknown-user-password', config.PASSWORD_SCRYPT_COST)

  async function refuseLogin(request: FastifyRequest, email: string, reason: string, userId?: string) {
    authEvents.inc({ event: 'login_failed', reason })
    request.log.info({ reason }, 'login refused')
    const lockSec = await loginThrottle.failed(email, request.ip).catch((err: unknown) => {
      request.log.warn({ err }, 'login throttle unavailable')
      return 0
    })
    if (userId) {
      await db.user.update({
        where: { id: userId },
        data: {
          failedLoginCount: { increment: 1 },
          ...(lockSec > 0 ? { lockedUntil: new Date(Date.now() + lockSec * 1000) } : {}),
        },
      })
    }
    await audit(db, request, {
      action: lockSec > 0 ? 'auth.login.locked' : 'auth.login.failed',
      targetType: 'user',
      ...(userId ? { targetId: userId } : {}),
      after: { email, reason, ...(lockSec > 0 ? { lockedForSec: lockSec } : {}) },
    })
  }

  app.post<{ Body: Credentials }>(
    '/auth/token',
    {
      config: { rateLimit: { max: config.RATE_LIMIT_LOGIN, keyGenerator: (req) => `login:${req.ip}` } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password',
        body: {
          type: 'object',
          properties: {
            email: { type: 'string', minLength: 3, maxLength: 320 },
            password: { type: 'string', minLength: 1, maxLength: 1024 },
          },
          required: ['email', 'password'],
          additionalProperties: false,
        },
        response: responses({ 200: tokenPair }),
      },
    },
    async (request) => {
      const email = request.body.email.trim().toLowerCase()
      const lockedFor = await loginThrottle.lockedFor(email, request.ip).catch(() => 0)
      const user = await db.user.findUnique({ where: { email } })
      const dbLockSec = user?.lockedUntil ? Math.ceil((user.lockedUntil.getTime() - Date.now()) / 1000) : 0
      const retryAfter = Math.max(lockedFor, dbLockSec)
      if (retryAfter > 0) {
        authEvents.inc({ event: 'login_failed', reason: 'locked' })
        await audit(db, request, {
          action: 'auth.login.refused',
          targetType: 'user',
          ...(user ? { targetId: user.id } : {}),
          after: { email, reason: 'locked' },
        })
        throw gatewayError('login_locked', { headers: { 'retry-after': String(retryAfter) } })
      }
      const ok = await verifyPassword(request.body.password, user?.passwordHash ?? (await dummyHash))
      if (!user || !ok) {
        await refuseLogin(request, email, user ? 'wrong_password' : 'unknown_user', user?.id)
        throw gatewayError('invalid_credentials')
      }
      if (user.disabled) {
        await refuseLogin(request, email, 'disabled', user.id)
        throw gatewayError('account_disabled')
      }
      await loginThrottle.succeeded(email).catch(() => undefined)
      const pair = await db.$transaction(async (tx) => {
        await tx.user.update({
          where: { id: user.id },
          data: { lastLoginAt: new Date(), failedLoginCount: 0, lockedUntil: null },
        })
        await audit(tx, request, {
          action: 'auth.login',
          targetType: 'user',
          targetId: user.id,
          actorId: user.id,
        })
        return issueTokens(tx, user, tokens)
      })
      authEvents.inc({ event: 'login', reason: 'ok' })
      return pair
    },
  )

  app.post<{ Body: { refreshToken: string } }>(
    '/auth/refresh',
    {
      config: { rateLimit: { max: config.RATE_LIMIT_LOGIN * 3, keyGenerator: (req) => `refresh:${req.ip}` } },
      schema: {
        tags: ['auth'],
        summary: 'Rotate a refresh token for a new token pair',
        body: refreshBody,
        response: responses({ 200: tokenPair }),
      },
    },
    async (request) => {
      const tokenHash = sha256(request.body.refreshToken)
      const row = await db.refreshToken.findUnique({ where: { tokenHash }, include: { user: true } })
      if (!row || row.expiresAt.getTime() <= Date.now() || row.user.disabled) {
        authEvents.inc({ event: 'refresh_refused', reason: 'invalid' })
        throw gatewayError('invalid_refresh_token')
      }
      const result = await db.$transaction(async (tx) => {
        // Only one caller can consume a token: a second use (replay or theft) revokes the family.
        const consumed = await tx.refreshToken.updateMany({
          where: { id: row.id, usedAt: null, revokedAt: null },
          data: { usedAt: new Date() },
        })
        if (consumed.count === 0) return null
        return issueTokens(tx, row.user, tokens, row.familyId)
      })
      if (!result) {
        await db.refreshToken.updateMany({
          where: { familyId: row.familyId, revokedAt: null },
          data: { revokedAt: new Date() },
        })
        authEvents.inc({ event: 'refresh_refused', reason: 'reused' })
        request.log.warn(
          { userId: row.userId, familyId: row.familyId },
          'refresh token reused, family revoked',
        )
        await audit(db, request, {
          action: 'auth.refresh.reused',
          targetType: 'user',
          targetId: row.userId,
          actorId: row.userId,
          after: { familyId: row.familyId },
        })
        throw gatewayError('refresh_token_reused')
      }
      authEvents.inc({ event: 'refresh', reason: 'ok' })
      return result
    },
  )

  app.post<{ Body: { refreshToken: string } }>(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End the session of a refresh token (its whole family)',
        body: refreshBody,
        response: responses({ 204: { type: 'null', description: 'Signed out' } }),
      },
    },
    async (request, reply) => {
      const row = await db.refreshToken.findUnique({
        where: { tokenHash: sha256(request.body.refreshToken) },
      })
      if (row) {
        await db.refreshToken.updateMany({
          where: { familyId: row.familyId, revokedAt: null },
          data: { revokedAt: new Date() },
        })
        await audit(db, request, {
          action: 'auth.logout',
          targetType: 'user',
          targetId: row.userId,
          actorId: row.userId,
        })
      }
      return reply.code(204).send()
    },
  )
  return Promise.resolve()
}

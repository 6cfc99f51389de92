import rateLimit from '@fastify/rate-limit'
import { AppError } from '@leadflow/http'
import type { FastifyInstance } from 'fastify'
import type { Redis } from 'ioredis'
import type { AuthEvents } from '../auth/auth-metrics.js'
import '../auth/principal.js'

export interface RateLimitSettings {
  redis: Redis
  windowSec: number
  anonymous: number
  authenticated: number
  authEvents: AuthEvents
}

/**
 * Tiered limits shared by every replica through Redis: anonymous callers by IP, signed-in users
 * and API keys by identity; routes (login, submission) set their own tier in `config.rateLimit`.
 * Answers 429 problem+json with `Retry-After` and the draft `RateLimit-*` headers.
 */
export async function registerRateLimit(app: FastifyInstance, settings: RateLimitSettings): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    redis: settings.redis,
    nameSpace: 'gateway:rl:',
    timeWindow: settings.windowSec * 1000,
    enableDraftSpec: true,
    // A Redis outage must not take the API down; login lockouts are also kept in Postgres.
    skipOnError: true,
    keyGenerator: (request) =>
      request.principal ? `${request.principal.kind}:${request.principal.id}` : `ip:${request.ip}`,
    max: (request) => (request.principal ? settings.authenticated : settings.anonymous),
    onExceeded: (request) => {
      settings.authEvents.inc({ event: 'rate_limited', reason: request.routeOptions.url ?? 'unmatched' })
    },
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', 429, `Rate limit exceeded; retry in ${Math.ceil(context.ttl / 1000)} s`, {
        headers: { 'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))) },
      }),
  })
}

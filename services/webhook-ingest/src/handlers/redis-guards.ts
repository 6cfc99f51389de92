import type { Logger } from '@leadflow/telemetry'
import type { Redis } from 'ioredis'

export interface RateLimitResult {
  allowed: boolean
  retryAfterSec: number
}

export interface RedisGuards {
  /** Fixed one-minute window per provider and client address; fails open when Redis is down. */
  rateLimit(provider: string, ip: string, perMinute: number): Promise<RateLimitResult>
}

const prefix = 'webhook-ingest'

/**
 * Redis holds the rate-limit counters, one round trip per webhook. Any Redis failure lets the
 * webhook through (fail open). Deduplication needs no Redis: the unique key in Postgres answers
 * it in the same statement that stores the webhook.
 */
export function createRedisGuards(deps: {
  redis: Redis
  logger: Logger
  failures: { inc(labels: { operation: string }): void }
}): RedisGuards {
  const { redis, logger, failures } = deps
  const failed = (operation: string, err: unknown) => {
    failures.inc({ operation })
    logger.warn({ err, operation }, 'redis unavailable, continuing without it')
  }

  return {
    async rateLimit(provider, ip, perMinute) {
      const now = Date.now()
      const window = Math.floor(now / 60_000)
      const key = `${prefix}:rl:${provider}:${ip}:${window}`
      const retryAfterSec = Math.max(1, Math.ceil(((window + 1) * 60_000 - now) / 1000))
      try {
        const results = await redis.multi().incr(key).pexpire(key, 61_000).exec()
        const count = Number(results?.[0]?.[1] ?? 0)
        return { allowed: count <= perMinute, retryAfterSec }
      } catch (err) {
        failed('rate_limit', err)
        return { allowed: true, retryAfterSec }
      }
    },
  }
}

import type { Logger } from '@leadflow/telemetry'
import type { Redis } from 'ioredis'

export interface RateLimitResult {
  allowed: boolean
  retryAfterSec: number
}

export interface RedisGuards {
  /** Fixed one-minute window per provider and client address; fails open when Redis is down. */
  rateLimit(provider: string, ip: string, perMinute: number): Promise<RateLimitResult>
  /** True only when the event id is known to be committed already; false when unsure. */
  seen(provider: string, eventId: string): Promise<boolean>
  /** Remembers a committed event id (call only after the commit). */
  remember(provider: string, eventId: string): Promise<void>
}

const prefix = 'webhook-ingest'

/**
 * Redis as a fast path only: rate-limit counters and the ids of committed events. Any Redis
 * failure lets the webhook through to Postgres, which stays the truth for deduplication.
 */
export function createRedisGuards(deps: {
  redis: Redis
  logger: Logger
  dedupTtlSec: number
  failures: { inc(labels: { operation: string }): void }
}): RedisGuards {
  const { redis, logger, dedupTtlSec, failures } = deps
  const failed = (operation: string, err: unknown) => {
    failures.inc({ operation })
    logger.warn({ err, operation }, 'redis unavailable, continuing without it')
  }
  const seenKey = (provider: string, eventId: string) => `${prefix}:seen:${provider}:${eventId}`

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
    async seen(provider, eventId) {
      try {
        return (await redis.exists(seenKey(provider, eventId))) === 1
      } catch (err) {
        failed('dedup_read', err)
        return false
      }
    },
    async remember(provider, eventId) {
      try {
        await redis.set(seenKey(provider, eventId), '1', 'EX', dedupTtlSec)
      } catch (err) {
        failed('dedup_write', err)
      }
    },
  }
}

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

interface Waiter {
  perMinute: number
  retryAfterSec: number
  resolve: (result: RateLimitResult) => void
}

/**
 * Redis holds the rate-limit counters. The webhooks that arrive in one turn of the event loop
 * share one MULTI (INCRBY + PEXPIRE per counter), so under load a Redis round trip serves many
 * webhooks; each gets its own place in its window's count. Any Redis failure lets the webhook
 * through (fail open). Deduplication needs no Redis: the unique key in Postgres answers it in
 * the same statement that stores the webhook.
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
  let pending: Map<string, Waiter[]> | undefined

  async function count(batch: Map<string, Waiter[]>): Promise<void> {
    const multi = redis.multi()
    for (const [key, waiters] of batch) multi.incrby(key, waiters.length).pexpire(key, 61_000)
    let results: [Error | null, unknown][] | null = null
    try {
      results = await multi.exec()
    } catch (err) {
      failed('rate_limit', err)
    }
    let index = 0
    for (const waiters of batch.values()) {
      const [err, value] = results?.[index * 2] ?? [null, undefined]
      index += 1
      if (!results || err || typeof value !== 'number') {
        if (results) failed('rate_limit', err ?? new Error('no count in the reply'))
        for (const waiter of waiters) waiter.resolve({ allowed: true, retryAfterSec: waiter.retryAfterSec })
        continue
      }
      // The counter now includes this turn's webhooks; each takes its place in arrival order.
      const before = value - waiters.length
      waiters.forEach((waiter, place) =>
        waiter.resolve({
          allowed: before + place + 1 <= waiter.perMinute,
          retryAfterSec: waiter.retryAfterSec,
        }),
      )
    }
  }

  return {
    rateLimit(provider, ip, perMinute) {
      const now = Date.now()
      const window = Math.floor(now / 60_000)
      const key = `${prefix}:rl:${provider}:${ip}:${window}`
      const retryAfterSec = Math.max(1, Math.ceil(((window + 1) * 60_000 - now) / 1000))
      return new Promise<RateLimitResult>((resolve) => {
        if (!pending) {
          const batch = new Map<string, Waiter[]>()
          pending = batch
          setImmediate(() => {
            pending = undefined
            void count(batch)
          })
        }
        const waiters = pending.get(key)
        const waiter = { perMinute, retryAfterSec, resolve }
        if (waiters) waiters.push(waiter)
        else pending.set(key, [waiter])
      })
    },
  }
}

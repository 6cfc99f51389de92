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
 * share one pipeline (one INCRBY per counter, after a SET NX with the expiry when the counter is
 * new to this process), so under load a Redis round trip serves many webhooks; each gets its own
 * place in its window's count. Any Redis failure lets the webhook
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

  // Counters this process already created with their expiry, for the current window only.
  let started = { window: -1, keys: new Set<string>() }

  async function count(window: number, batch: Map<string, Waiter[]>): Promise<void> {
    if (started.window !== window) started = { window, keys: new Set() }
    const pipeline = redis.pipeline()
    const places: number[] = []
    for (const [key, waiters] of batch) {
      // A new counter is created with its expiry first, so it never outlives its window.
      if (!started.keys.has(key)) pipeline.set(key, 0, 'PX', 61_000, 'NX')
      places.push(pipeline.length)
      pipeline.incrby(key, waiters.length)
    }
    let results: [Error | null, unknown][] | null = null
    try {
      results = await pipeline.exec()
    } catch (err) {
      failed('rate_limit', err)
    }
    let index = 0
    for (const [key, waiters] of batch) {
      const [err, value] = results?.[places[index] ?? -1] ?? [null, undefined]
      index += 1
      if (!results || err || typeof value !== 'number') {
        if (results) failed('rate_limit', err ?? new Error('no count in the reply'))
        for (const waiter of waiters) waiter.resolve({ allowed: true, retryAfterSec: waiter.retryAfterSec })
        continue
      }
      if (started.keys.has(key) && value === waiters.length) {
        // The counter was gone (Redis restarted): give the new one its expiry too.
        redis.pexpire(key, 61_000).catch((err: unknown) => failed('rate_limit', err))
      }
      if (started.window === window) started.keys.add(key)
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
            void count(window, batch)
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

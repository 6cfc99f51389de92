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

/** One window's counter of one provider and client address, as this process sees it. */
interface Counter {
  key: string
  window: number
  /** What Redis last answered: the count with every increment this process had sent by then. */
  known: number | undefined
  /** Increments sent and not answered yet. */
  sending: number
  /** Increments for the next pipeline, in arrival order; null for a webhook already let through. */
  queued: (Waiter | null)[]
  /** Whether this process already created the key with its expiry. */
  created: boolean
}

/**
 * Rate limits with the counters in Redis, shared by every replica. The webhooks of one turn of
 * the event loop share one pipeline (one INCRBY per counter, after a SET NX with the expiry when
 * the counter is new to this process). While a counter is known to be below half its limit, a
 * webhook goes on at once and is counted in the next pipeline; nearer the limit (and for the
 * first webhook of a window) it waits for Redis and takes its exact place in the count. Other
 * replicas' webhooks since the last answer are the only thing not yet seen, which the half-limit
 * margin absorbs. Any Redis failure lets webhooks through (fail open). Deduplication needs no
 * Redis: the unique key in Postgres answers it in the statement that stores the webhook.
 */
export function createRedisGuards(deps: {
  redis: Redis
  logger: Logger
  failures: { inc(labels: { operation: string }): void }
}): RedisGuards {
  const { redis, logger, failures } = deps
  const failed = (err: unknown) => {
    failures.inc({ operation: 'rate_limit' })
    logger.warn({ err, operation: 'rate_limit' }, 'redis unavailable, continuing without it')
  }
  const counters = new Map<string, Counter>()
  let currentWindow = -1
  let scheduled = false

  async function flush(): Promise<void> {
    const batch: { counter: Counter; entries: (Waiter | null)[] }[] = []
    for (const counter of counters.values()) {
      if (counter.queued.length === 0) continue
      batch.push({ counter, entries: counter.queued })
      counter.sending += counter.queued.length
      counter.queued = []
    }
    if (batch.length === 0) return
    const pipeline = redis.pipeline()
    const places = batch.map(({ counter, entries }) => {
      // A new counter is created with its expiry first, so it never outlives its window.
      if (!counter.created) pipeline.set(counter.key, 0, 'PX', 61_000, 'NX')
      const place = pipeline.length
      pipeline.incrby(counter.key, entries.length)
      return place
    })
    let results: [Error | null, unknown][] | null = null
    try {
      results = await pipeline.exec()
    } catch (err) {
      failed(err)
    }
    batch.forEach(({ counter, entries }, i) => {
      counter.sending -= entries.length
      const [err, value] = results?.[places[i] ?? -1] ?? [null, undefined]
      if (!results || err || typeof value !== 'number') {
        if (results) failed(err ?? new Error('no count in the reply'))
        for (const waiter of entries) waiter?.resolve({ allowed: true, retryAfterSec: waiter.retryAfterSec })
        return
      }
      if (counter.created && value === entries.length) {
        // The counter was gone (Redis restarted): give the new one its expiry too.
        redis.pexpire(counter.key, 61_000).catch(failed)
      }
      counter.created = true
      counter.known = value
      // The count now includes these webhooks; each takes its place in arrival order.
      const before = value - entries.length
      entries.forEach((waiter, place) =>
        waiter?.resolve({
          allowed: before + place + 1 <= waiter.perMinute,
          retryAfterSec: waiter.retryAfterSec,
        }),
      )
    })
  }

  function schedule(): void {
    if (scheduled) return
    scheduled = true
    setImmediate(() => {
      scheduled = false
      void flush()
    })
  }

  return {
    rateLimit(provider, ip, perMinute) {
      const now = Date.now()
      const window = Math.floor(now / 60_000)
      const retryAfterSec = Math.max(1, Math.ceil(((window + 1) * 60_000 - now) / 1000))
      if (window !== currentWindow) {
        // Forget the counters of past windows once nothing of theirs is on its way.
        for (const [key, old] of counters)
          if (old.window !== window && old.queued.length === 0 && old.sending === 0) counters.delete(key)
        currentWindow = window
      }
      const key = `${prefix}:rl:${provider}:${ip}:${window}`
      let counter = counters.get(key)
      if (!counter) {
        counter = { key, window, known: undefined, sending: 0, queued: [], created: false }
        counters.set(key, counter)
      }
      schedule()
      const { known, sending, queued } = counter
      if (known !== undefined && known + sending + queued.length + 1 <= perMinute / 2) {
        queued.push(null)
        return Promise.resolve({ allowed: true, retryAfterSec })
      }
      return new Promise<RateLimitResult>((resolve) => queued.push({ perMinute, retryAfterSec, resolve }))
    },
  }
}

import { Redis } from 'ioredis'

export interface RedisOptions {
  url: string
  /** Name shown in `CLIENT LIST`, e.g. the service. */
  connectionName: string
}

/**
 * A Redis client that fails fast instead of queueing commands forever while Redis is down:
 * callers (rate limits, caches) decide how to degrade, and `/readyz` reports it.
 */
export function createRedis({ url, connectionName }: RedisOptions): Redis {
  return new Redis(url, {
    connectionName,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  })
}

import type { Redis } from 'ioredis'

/** A dependency `/readyz` probes: `check()` rejects when it is unreachable. */
export interface ReadinessCheck {
  name: string
  check: () => Promise<void>
}

interface RawQueryable {
  $queryRawUnsafe: (query: string) => Promise<unknown>
}

export function postgresReadiness(db: RawQueryable): ReadinessCheck {
  return {
    name: 'postgres',
    check: async () => {
      await db.$queryRawUnsafe('SELECT 1')
    },
  }
}

export function redisReadiness(redis: Redis): ReadinessCheck {
  return {
    name: 'redis',
    check: async () => {
      const answer: string = await redis.ping()
      if (answer !== 'PONG') throw new Error(`unexpected PING answer: ${answer}`)
    },
  }
}

import type { Redis } from 'ioredis'
import { lockoutSeconds } from '../domain/lockout.js'
import { sha256 } from '../domain/opaque-token.js'

export interface LoginThrottleSettings {
  maxAccountFailures: number
  maxIpFailures: number
  baseSec: number
  maxSec: number
  /** How long failures are counted before they are forgotten. */
  windowSec?: number
}

export interface LoginThrottle {
  /** Seconds until the account or the IP may try again, or 0. */
  lockedFor(email: string, ip: string): Promise<number>
  /** Records a failure; returns the lockout (in seconds) it triggered, or 0. */
  failed(email: string, ip: string): Promise<number>
  succeeded(email: string): Promise<void>
}

const prefix = 'gateway:login'

/**
 * Brute-force protection in Redis, per account and per client IP: after `max` failures within
 * the window the subject is locked out, each further lockout lasting twice as long (capped).
 */
export function createLoginThrottle(redis: Redis, settings: LoginThrottleSettings): LoginThrottle {
  const windowSec = settings.windowSec ?? 900
  const subjects = (email: string, ip: string) =>
    [
      { key: `${prefix}:acct:${sha256(email.toLowerCase())}`, max: settings.maxAccountFailures },
      { key: `${prefix}:ip:${ip}`, max: settings.maxIpFailures },
    ] as const

  async function failOne(key: string, max: number): Promise<number> {
    const [[, fails]] = (await redis
      .multi()
      .incr(`${key}:fails`)
      .expire(`${key}:fails`, windowSec)
      .exec()) as [[unknown, number]]
    if (fails < max) return 0
    const lockouts = await redis.incr(`${key}:lockouts`)
    await redis.expire(`${key}:lockouts`, 86_400)
    const seconds = lockoutSeconds(lockouts, settings.baseSec, settings.maxSec)
    await redis.multi().set(`${key}:lock`, '1', 'EX', seconds).del(`${key}:fails`).exec()
    return seconds
  }

  return {
    async lockedFor(email, ip) {
      const ttls = await Promise.all(subjects(email, ip).map(({ key }) => redis.ttl(`${key}:lock`)))
      return Math.max(0, ...ttls)
    },
    async failed(email, ip) {
      const locks = await Promise.all(subjects(email, ip).map(({ key, max }) => failOne(key, max)))
      return Math.max(0, ...locks)
    },
    async succeeded(email) {
      const [account] = subjects(email, '')
      await redis.del(`${account.key}:fails`)
    },
  }
}

import { describe, expect, it } from 'vitest'
import { backoffDelay, validateRetryPolicy } from './retry-backoff.js'

const policy = { attempts: 5, initialMs: 100, maxMs: 1_000 }

describe('backoffDelay', () => {
  it.each([
    // retry, random, expected: the window doubles from initialMs, jitter picks within its upper half
    [1, 0, 50],
    [1, 1, 100],
    [2, 0, 100],
    [2, 1, 200],
    [3, 0.5, 300],
    [4, 1, 800],
    [5, 1, 1_000], // 1600 capped at maxMs
    [30, 0, 500], // far past the cap: still bounded
  ])('retry %i with random %f waits %i ms', (retry, random, expected) => {
    expect(backoffDelay(policy, retry, () => random)).toBe(expected)
  })

  it('spreads concurrent retries instead of synchronising them', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(policy, 3)))
    expect(delays.size).toBeGreaterThan(10)
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(200)
      expect(d).toBeLessThanOrEqual(400)
    }
  })
})

describe('validateRetryPolicy', () => {
  it('accepts a sane policy', () => {
    expect(validateRetryPolicy(policy)).toEqual(policy)
  })

  it.each([
    [{ attempts: 0, initialMs: 10, maxMs: 10 }, /attempts/],
    [{ attempts: 1.5, initialMs: 10, maxMs: 10 }, /attempts/],
    [{ attempts: 3, initialMs: -1, maxMs: 10 }, /initialMs/],
    [{ attempts: 3, initialMs: 100, maxMs: 10 }, /maxMs/],
  ])('rejects %o', (bad, message) => {
    expect(() => validateRetryPolicy(bad)).toThrow(message)
  })
})

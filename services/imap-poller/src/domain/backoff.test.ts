import { describe, expect, it } from 'vitest'
import { reconnectDelay } from './backoff.js'

const policy = { initialMs: 1000, maxMs: 60_000 }

describe('reconnectDelay', () => {
  it.each([
    [1, 500, 1000],
    [2, 1000, 2000],
    [3, 2000, 4000],
    [6, 16_000, 32_000],
    [7, 30_000, 60_000],
    [8, 30_000, 60_000],
    [50, 30_000, 60_000],
  ])('after %i failures waits between %i and %i ms', (failures, low, high) => {
    expect(reconnectDelay(failures, policy, () => 0)).toBe(low)
    expect(reconnectDelay(failures, policy, () => 1)).toBe(high)
  })
})

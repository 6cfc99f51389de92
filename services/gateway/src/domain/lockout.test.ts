import { describe, expect, it } from 'vitest'
import { lockoutSeconds } from './lockout.js'

describe('lockoutSeconds', () => {
  it.each([
    [1, 30],
    [2, 60],
    [3, 120],
    [8, 3600],
    [100, 3600],
    [0, 30],
  ])('lockout #%i lasts %i s', (n, expected) => {
    expect(lockoutSeconds(n, 30, 3600)).toBe(expected)
  })
})

import { describe, expect, it } from 'vitest'
import { newApiKey, newRefreshToken, parseApiKey, sha256 } from './opaque-token.js'

describe('API keys', () => {
  it('parses what it issues', () => {
    const { id, secret, key } = newApiKey()
    expect(key).toMatch(/^lf_[a-z0-9]{16}_/)
    expect(parseApiKey(key)).toEqual({ id, secret })
  })

  it.each([
    '',
    'lf_',
    'lf_abc_def',
    'xx_0123456789abcdef_' + 'a'.repeat(43),
    'lf_0123456789abcdef_' + 'a'.repeat(42),
  ])('refuses %j', (key) => {
    expect(parseApiKey(key)).toBeNull()
  })
})

describe('refresh tokens', () => {
  it('are random and hashed deterministically', () => {
    const a = newRefreshToken()
    expect(a).not.toBe(newRefreshToken())
    expect(sha256(a)).toBe(sha256(a))
    expect(sha256(a)).toHaveLength(64)
  })
})

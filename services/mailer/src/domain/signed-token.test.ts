import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createSignedTokens } from './signed-token.js'

describe('signed link tokens', () => {
  const tokens = createSignedTokens('a-test-secret-of-some-length')
  const id = randomUUID()

  it('round-trips a UUID for its purpose in 38 URL-safe characters', () => {
    const token = tokens.sign('unsubscribe', id)
    expect(token).toMatch(/^[A-Za-z0-9_-]{38}$/)
    expect(tokens.verify('unsubscribe', token)).toBe(id)
  })

  it('rejects another purpose, another secret, a changed id and garbage', () => {
    const token = tokens.sign('unsubscribe', id)
    expect(tokens.verify('subscribe', token)).toBeUndefined()
    expect(createSignedTokens('another-secret-of-some-length').verify('unsubscribe', token)).toBeUndefined()
    const flipped = Buffer.from(token, 'base64url')
    flipped[0] = (flipped[0] ?? 0) ^ 1
    expect(tokens.verify('unsubscribe', flipped.toString('base64url'))).toBeUndefined()
    for (const bad of ['', 'x', 'forged.token-value', `${token}A`])
      expect(tokens.verify('unsubscribe', bad)).toBeUndefined()
  })

  it('refuses to sign anything but a UUID', () => {
    expect(() => tokens.sign('unsubscribe', 'someone@example.com')).toThrow()
  })
})

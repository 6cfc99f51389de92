import { describe, expect, it } from 'vitest'
import { createSecretBox } from './secret-box.js'
import { safeEqual } from './safe-equal.js'

const current = 'a-long-random-current-secret-0123456789'
const previous = 'a-long-random-previous-secret-9876543210'

describe('createSecretBox', () => {
  it('round-trips and never stores the plaintext', () => {
    const box = createSecretBox(current)
    const sealed = box.encrypt('whsec_c2VjcmV0')
    expect(sealed).not.toContain('whsec')
    expect(sealed.split('.')).toHaveLength(5)
    expect(box.decrypt(sealed)).toBe('whsec_c2VjcmV0')
  })

  it('uses a fresh IV each time', () => {
    const box = createSecretBox(current)
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'))
  })

  it('refuses a tampered ciphertext', () => {
    const box = createSecretBox(current)
    const parts = box.encrypt('secret value').split('.')
    const data = Buffer.from(parts[4]!, 'base64url')
    data[0] = data[0]! ^ 1
    parts[4] = data.toString('base64url')
    expect(() => box.decrypt(parts.join('.'))).toThrow()
  })

  it('decrypts with a previous key during rotation and flags it', () => {
    const old = createSecretBox(previous).encrypt('rotated')
    const box = createSecretBox(current, [previous])
    expect(box.decrypt(old)).toBe('rotated')
    expect(box.needsRotation(old)).toBe(true)
    expect(box.needsRotation(box.encrypt('fresh'))).toBe(false)
  })

  it('cannot decrypt without the key', () => {
    const old = createSecretBox(previous).encrypt('rotated')
    expect(() => createSecretBox(current).decrypt(old)).toThrow(/unknown key/)
  })

  it('refuses a short secret', () => {
    expect(() => createSecretBox('short')).toThrow(/at least 16/)
  })
})

describe('safeEqual', () => {
  it.each([
    ['token', 'token', true],
    ['token', 'tokem', false],
    ['token', 'token-longer', false],
    ['', '', true],
  ])('%j vs %j → %s', (a, b, equal) => {
    expect(safeEqual(a, b)).toBe(equal)
  })
})

import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from './password.js'

describe('password hashing (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery 9', 12)
    expect(hash).toMatch(/^scrypt\$12\$8\$1\$[\w-]+\$[\w-]+$/)
    expect(await verifyPassword('correct horse battery 9', hash)).toBe(true)
    expect(await verifyPassword('correct horse battery 8', hash)).toBe(false)
  })

  it('salts every hash', async () => {
    expect(await hashPassword('same', 10)).not.toBe(await hashPassword('same', 10))
  })

  it('uses N = 2^15 by default', async () => {
    const hash = await hashPassword('default cost 1')
    expect(hash.startsWith('scrypt$15$')).toBe(true)
    expect(await verifyPassword('default cost 1', hash)).toBe(true)
  })

  it.each(['', 'plain', 'scrypt$15$8$1$abc', 'scrypt$99$8$1$YWJj$YWJj', 'bcrypt$1$2$3$4$5'])(
    'refuses the malformed hash %j',
    async (stored) => {
      expect(await verifyPassword('anything', stored)).toBe(false)
    },
  )
})

import { describe, expect, it } from 'vitest'
import { weakSecretReason, weakUrlPasswordReason } from './secret-strength.js'

describe('weakSecretReason', () => {
  it.each([
    'q7V2x9LmP4zR8tKcW1nB6yHd3sJf0aGe',
    'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    '3f9a1c7e5b2d8f4a6c0e9b1d7f3a5c8e',
  ])('accepts a random-looking secret', (value) => {
    expect(weakSecretReason(value)).toBeUndefined()
  })

  it.each([
    ['CHANGE-ME', 'placeholder'],
    ['secret', 'placeholder'],
    ['Password', 'placeholder'],
    ['insecure-0123456789abcdefghijklmnopqrstuvwxyz', 'placeholder prefix'],
    ['dev-0123456789abcdefghijklmnopqrstuvwxyz', 'placeholder prefix'],
    ['q7V2x9LmP4zR8tKcW1nB6yHd3sJf0aG', 'too short'],
    ['1111111111111111111111111111111111111111', 'too little variety'],
    ['abcdefgabcdefgabcdefgabcdefgabcdefg', 'too little variety'],
  ])('refuses %s', (value, reason) => {
    const result = weakSecretReason(value)
    expect(result).toContain(reason)
    expect(result).not.toContain(value)
  })
})

describe('weakUrlPasswordReason', () => {
  it('refuses the development database password and one equal to the user name', () => {
    expect(weakUrlPasswordReason('postgres://leadflow:leadflow@db/leadflow')).toBeDefined()
    expect(weakUrlPasswordReason('postgres://app:app@db/leadflow')).toBeDefined()
    expect(weakUrlPasswordReason('postgres://app:insecure-local@db/leadflow')).toBeDefined()
  })

  it('accepts a real password or a URL without one', () => {
    expect(weakUrlPasswordReason('postgres://app:Xk29vLq8ZpR4mT7w@db/leadflow')).toBeUndefined()
    expect(weakUrlPasswordReason('postgres://db/leadflow')).toBeUndefined()
  })
})

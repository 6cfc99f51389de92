import { describe, expect, it } from 'vitest'
import {
  emailDomain,
  isFreeMailDomain,
  normalizeCompanyName,
  normalizeEmail,
  normalizeName,
  phoneFields,
} from './normalize.js'

describe('phoneFields', () => {
  it.each([
    ['+7 916 123-45-67', undefined, '+79161234567', '79161234567'],
    ['8 (916) 123-45-67', 'RU', '+79161234567', '89161234567'],
    ['(415) 555-2671', 'US', '+14155552671', '4155552671'],
  ])('%s (region %s) → %s', (input, region, e164, digits) => {
    expect(phoneFields(input, region)).toEqual({
      phoneRaw: input,
      phoneDigits: digits,
      phoneE164: e164,
      phoneValid: true,
    })
  })

  it('keeps a number without country code raw and flagged when no region is given', () => {
    expect(phoneFields(' (415) 555-2671 ')).toEqual({
      phoneRaw: '(415) 555-2671',
      phoneDigits: '4155552671',
      phoneE164: null,
      phoneValid: false,
    })
  })

  it('keeps text without digits raw, with no digits key', () => {
    expect(phoneFields('anonymous')).toMatchObject({
      phoneRaw: 'anonymous',
      phoneDigits: null,
      phoneValid: false,
    })
  })
})

describe('e-mail and names', () => {
  it.each([
    ['  Ada@Example.ORG ', 'ada@example.org'],
    ['', null],
    ['   ', null],
    [null, null],
  ])('normalizeEmail(%j) → %j', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected)
  })

  it('takes the domain of an address', () => {
    expect(emailDomain('a@Sub.Example.com')).toBe('sub.example.com')
    expect(emailDomain('no-at-sign')).toBeNull()
  })

  it.each([
    ['  José   García-López ', 'jose garcia lopez'],
    ['ИВАН Петров', 'иван петров'],
    ['!!!', null],
  ])('normalizeName(%j) → %j', (input, expected) => {
    expect(normalizeName(input)).toBe(expected)
  })

  it.each([
    ['ACME, Inc.', 'acme'],
    ['Acme LLC', 'acme'],
    ['ООО «Ромашка»', 'ромашка'],
    ['The Company Co', 'the'],
    ['Inc', 'inc'],
  ])('normalizeCompanyName(%j) → %j', (input, expected) => {
    expect(normalizeCompanyName(input)).toBe(expected)
  })

  it('knows free-mail domains', () => {
    expect(isFreeMailDomain('Gmail.com')).toBe(true)
    expect(isFreeMailDomain('acme.com')).toBe(false)
  })
})

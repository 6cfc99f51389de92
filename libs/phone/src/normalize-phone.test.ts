import { describe, expect, it } from 'vitest'
import { normalizePhone } from './normalize-phone.js'

describe('normalizePhone', () => {
  it.each([
    ['+7 916 123-45-67', undefined, '+79161234567'],
    ['8 (916) 123-45-67', 'RU', '+79161234567'],
    ['79161234567', undefined, '+79161234567'],
    ['74951234567', 'RU', '+74951234567'],
    ['00 49 30 901820', undefined, '+4930901820'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['+44 20 7946 0958', 'DE', '+442079460958'],
    ['  +1 415 555 2671  ', undefined, '+14155552671'],
  ])('%s (region %s) → %s', (input, region, e164) => {
    const result = normalizePhone(input, region)
    expect(result).toMatchObject({ e164, valid: true })
    expect(result.raw).toBe(input.trim())
  })

  it.each([['100'], ['anonymous'], [''], ['+7 916'], ['1'.repeat(80)]])(
    'keeps %j raw and flags it',
    (input) => {
      const result = normalizePhone(input, 'RU')
      expect(result).toEqual({ raw: input.trim(), e164: null, valid: false, country: null })
    },
  )

  it('reports the country of a valid number', () => {
    expect(normalizePhone('+4930901820').country).toBe('DE')
  })
})

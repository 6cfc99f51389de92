import { normalizePhone } from '@leadflow/phone'
import { describe, expect, it } from 'vitest'
import { providerPhone } from './provider-phone.js'

const inputs = [
  '79161234567',
  ' 74951234567 ',
  '4930123456',
  '14155552671',
  '0079161234567',
  '89161234567',
  '123',
  '999999999999999',
  '+7 916 123-45-67',
  '8 (916) 123-45-67',
  '',
  'anonymous',
]

describe('providerPhone', () => {
  it.each(inputs)('reads %j exactly as normalizePhone does, with and without a default region', (input) => {
    expect(providerPhone(input)).toEqual(normalizePhone(input))
    expect(providerPhone(input, 'RU')).toEqual(normalizePhone(input, 'RU'))
  })

  it('gives a Zadarma caller its E.164 number without a default region', () => {
    expect(providerPhone('79161234567')).toMatchObject({
      e164: '+79161234567',
      raw: '79161234567',
      valid: true,
    })
  })
})

import { describe, expect, it } from 'vitest'
import { enrichmentPatch, isEmptyPatch, type ContactFields } from './enrich.js'

const empty: ContactFields = {
  name: null,
  nameNormalized: null,
  phoneRaw: null,
  phoneDigits: null,
  phoneE164: null,
  phoneValid: false,
  emailLower: null,
  companyId: null,
}
const validPhone = {
  phoneRaw: '+1 415 555 2671',
  phoneDigits: '14155552671',
  phoneE164: '+14155552671',
  phoneValid: true,
}

describe('enrichmentPatch', () => {
  it('fills every missing field', () => {
    const incoming = {
      ...validPhone,
      name: 'Ada',
      nameNormalized: 'ada',
      emailLower: 'a@x.org',
      companyId: 'c1',
    }
    expect(enrichmentPatch(empty, incoming)).toEqual(incoming)
  })

  it('never overwrites what the contact has', () => {
    const existing = {
      ...empty,
      ...validPhone,
      name: 'Ada',
      nameNormalized: 'ada',
      emailLower: 'a@x.org',
      companyId: 'c1',
    }
    const incoming = {
      name: 'Bob',
      phoneRaw: '+44 20 7946 0958',
      phoneE164: '+442079460958',
      phoneValid: true,
      emailLower: 'b@x.org',
      companyId: 'c2',
    }
    expect(isEmptyPatch(enrichmentPatch(existing, incoming))).toBe(true)
  })

  it('replaces a raw number that is not valid by a valid one, but not the other way round', () => {
    const invalid = { ...empty, phoneRaw: '555-2671', phoneDigits: '5552671' }
    expect(enrichmentPatch(invalid, validPhone)).toEqual(validPhone)
    expect(enrichmentPatch({ ...empty, ...validPhone }, { phoneRaw: '100', phoneDigits: '100' })).toEqual({})
    expect(enrichmentPatch(invalid, { phoneRaw: '100', phoneDigits: '100' })).toEqual({})
  })

  it('leaves the e-mail alone when asked to', () => {
    expect(enrichmentPatch(empty, { emailLower: 'a@x.org' }, { withEmail: false })).toEqual({})
  })
})

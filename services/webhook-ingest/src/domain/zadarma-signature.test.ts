import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  verifyZadarmaSignature,
  zadarmaSignature,
  zadarmaSignedFields,
  zadarmaSignedString,
  type ZadarmaEvent,
} from './zadarma-signature.js'

const start = { caller_id: '79161234567', called_did: '74951234567', call_start: '2024-05-14 12:34:56' }
const vector = 'Mzg0MGFmYWRhNmJkOGU0YTJhMmUwODNkNTAxODk5MWUzOTNjMTZjYQ=='

describe('Zadarma signature', () => {
  it('matches the known vector (base64 of the hex HMAC-SHA1)', () => {
    expect(zadarmaSignature('secret', zadarmaSignedString('NOTIFY_START', start))).toBe(vector)
    expect(verifyZadarmaSignature(['secret'], 'NOTIFY_START', start, vector)).toBe(true)
  })

  it.each([
    ['NOTIFY_START', '79161234567749512345672024-05-14 12:34:56'],
    ['NOTIFY_END', '79161234567749512345672024-05-14 12:34:56'],
    ['NOTIFY_INTERNAL', '79161234567749512345672024-05-14 12:34:56'],
    ['NOTIFY_IVR', '79161234567749512345672024-05-14 12:34:56'],
    ['NOTIFY_ANSWER', '79161234567100-22024-05-14 12:34:56'],
    ['NOTIFY_OUT_START', '100100-22024-05-14 12:34:56'],
    ['NOTIFY_OUT_END', '100100-22024-05-14 12:34:56'],
    ['NOTIFY_RECORD', 'in_abcrec_123'],
  ] as [ZadarmaEvent, string][])('signs the documented fields of %s in order', (event, expected) => {
    const fields = {
      ...start,
      destination: '100-2',
      internal: '100',
      pbx_call_id: 'in_abc',
      call_id_with_rec: 'rec_123',
    }
    expect(zadarmaSignedString(event, fields)).toBe(expected)
  })

  it('accepts any configured secret (rotation) and refuses a wrong one', () => {
    expect(verifyZadarmaSignature(['old-secret', 'secret'], 'NOTIFY_START', start, vector)).toBe(true)
    expect(verifyZadarmaSignature(['other'], 'NOTIFY_START', start, vector)).toBe(false)
    expect(
      verifyZadarmaSignature(['secret'], 'NOTIFY_START', { ...start, caller_id: '79160000000' }, vector),
    ).toBe(false)
    expect(verifyZadarmaSignature(['secret'], 'NOTIFY_START', start, undefined)).toBe(false)
  })

  it('never throws and never verifies random fields and signatures', () => {
    const events = Object.keys(zadarmaSignedFields) as ZadarmaEvent[]
    fc.assert(
      fc.property(
        fc.constantFrom(...events),
        fc.dictionary(fc.string(), fc.string()),
        fc.string(),
        (event, fields, signature) => !verifyZadarmaSignature(['secret'], event, fields, signature),
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 15_000) },
    )
  })
})

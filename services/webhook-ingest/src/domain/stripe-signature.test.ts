import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stripeSignature, verifyStripeSignature } from './stripe-signature.js'

const secret = 'whsec_test_secret'
const body = Buffer.from('{"id":"evt_1","type":"payment_intent.succeeded"}')
const v1 = '22d8dc182f5c588077683bd378368e29765bfe5df2560112b4f28fef120f0e31'
const nowMs = 1_700_000_000_000 + 10_000
const verify = (
  header: string | undefined,
  extra: Partial<Parameters<typeof verifyStripeSignature>[0]> = {},
) => verifyStripeSignature({ secrets: [secret], header, rawBody: body, toleranceSec: 300, nowMs, ...extra })

describe('Stripe signature', () => {
  it('matches the known vector', () => {
    expect(stripeSignature(secret, '1700000000', body)).toBe(v1)
    expect(verify(`t=1700000000,v1=${v1}`)).toEqual({ ok: true })
  })

  it('accepts one good v1 among several, and any configured secret', () => {
    expect(verify(`t=1700000000,v1=${'0'.repeat(64)},v1=${v1},v0=abc`)).toEqual({ ok: true })
    expect(verify(`t=1700000000,v1=${v1}`, { secrets: ['whsec_new', secret] })).toEqual({ ok: true })
  })

  it.each([
    [undefined, 'missing'],
    ['garbage', 'malformed'],
    [`v1=${v1}`, 'malformed'],
    ['t=1700000000', 'malformed'],
    [`t=1699999000,v1=${v1}`, 'expired'],
    [`t=1700000000,v1=${v1.replace('2', '3')}`, 'mismatch'],
  ])('refuses %s as %s', (header, reason) => {
    expect(verify(header)).toEqual({ ok: false, reason })
  })

  it('refuses a tampered body', () => {
    expect(verify(`t=1700000000,v1=${v1}`, { rawBody: Buffer.from(`${body.toString()} `) }).ok).toBe(false)
  })

  it('never throws and never verifies random headers and bodies', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.uint8Array(),
        (header, raw) =>
          !verify(header, { rawBody: Buffer.from(raw) }).ok &&
          !verify(`t=1700000000,v1=${header}`, { rawBody: Buffer.from(raw) }).ok,
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 15_000) },
    )
  })
})

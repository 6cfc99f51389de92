import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { standardWebhooksSignature, verifyStandardWebhook } from './standard-webhooks-signature.js'

// The example published with the Standard Webhooks specification.
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek'
const timestamp = '1614265330'
const body = Buffer.from('{"test": 2432232314}')
const signature = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
const nowMs = 1_614_265_330_000
const verify = (extra: Partial<Parameters<typeof verifyStandardWebhook>[0]> = {}) =>
  verifyStandardWebhook({
    secrets: [secret],
    id,
    timestamp,
    signature,
    rawBody: body,
    toleranceSec: 300,
    nowMs,
    ...extra,
  })

describe('Standard Webhooks signature', () => {
  it('matches the specification example', () => {
    expect(standardWebhooksSignature(secret, id, timestamp, body)).toBe(signature)
    expect(verify()).toEqual({ ok: true })
  })

  it('accepts one good signature among several and any configured secret', () => {
    expect(verify({ signature: `v1,${Buffer.alloc(32).toString('base64')} ${signature}` })).toEqual({
      ok: true,
    })
    expect(verify({ secrets: ['whsec_' + Buffer.from('another key').toString('base64'), secret] })).toEqual({
      ok: true,
    })
  })

  it.each([
    [{ signature: undefined }, 'missing'],
    [{ id: undefined }, 'missing'],
    [{ timestamp: 'yesterday' }, 'malformed'],
    [{ nowMs: nowMs + 301_000 }, 'expired'],
    [{ nowMs: nowMs - 301_000 }, 'expired'],
    [{ id: 'msg_other' }, 'mismatch'],
    [{ rawBody: Buffer.from('{"test": 2432232315}') }, 'mismatch'],
  ] as const)('refuses %o as %s', (extra, reason) => {
    expect(verify(extra)).toEqual({ ok: false, reason })
  })

  it('never throws and never verifies random headers and bodies', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.uint8Array(),
        (randomId, sig, raw) =>
          !verify({ id: randomId || 'x', signature: sig, rawBody: Buffer.from(raw) }).ok,
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 15_000) },
    )
  })
})

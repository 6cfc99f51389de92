import { describe, expect, it } from 'vitest'
import { parseInbound } from '../../../services/webhook-ingest/src/domain/inbound-event.js'
import { parseOnlinePbx } from '../../../services/webhook-ingest/src/domain/onlinepbx-event.js'
import { verifyStandardWebhook } from '../../../services/webhook-ingest/src/domain/standard-webhooks-signature.js'
import { parseStripe } from '../../../services/webhook-ingest/src/domain/stripe-event.js'
import { verifyStripeSignature } from '../../../services/webhook-ingest/src/domain/stripe-signature.js'
import { parseZadarma } from '../../../services/webhook-ingest/src/domain/zadarma-event.js'
import {
  isZadarmaEvent,
  verifyZadarmaSignature,
} from '../../../services/webhook-ingest/src/domain/zadarma-signature.js'
import type { Channel, HttpRequest, Targets } from './delivery.js'
import { devSecrets } from './options.js'
import { Traffic } from './traffic.js'

const targets: Targets = { ingestUrl: 'http://ingest.test', inboundSource: 'shop', secrets: devSecrets }
const now = Date.now()
const ctx = (provider: string) => ({ provider, receivedAt: new Date(now), defaultRegion: undefined })

function requests(channel: Channel, count = 200): HttpRequest[] {
  const traffic = new Traffic({
    seed: 7,
    mix: { [channel]: 1 },
    redeliveryShare: 0,
    repeatShare: 0.2,
    mailTo: 'x@y.z',
  })
  return Array.from({ length: count }, () => traffic.next()).flatMap((d) =>
    d.kind === 'http' ? [d.request(targets, now)] : [],
  )
}
const header = (r: HttpRequest, name: string) => r.init.headers[name]

// Every generated webhook must pass webhook-ingest's own verifier and parser, or a real
// Leadflow would answer 401/400 instead of accepting the simulated traffic.
describe('simulated webhooks verify and parse with webhook-ingest’s own code', () => {
  it('Zadarma: each notification’s Signature verifies, and the wrong secret does not', () => {
    const all = requests('zadarma')
    const events = all.map((r) => new URLSearchParams(r.init.body).get('event'))
    expect(new Set(events)).toEqual(new Set(['NOTIFY_START', 'NOTIFY_ANSWER', 'NOTIFY_END', 'NOTIFY_RECORD']))
    for (const r of all) {
      const fields = Object.fromEntries(new URLSearchParams(r.init.body))
      const event = fields.event
      expect(isZadarmaEvent(event)).toBe(true)
      if (!isZadarmaEvent(event)) continue
      expect(verifyZadarmaSignature([devSecrets.zadarma], event, fields, header(r, 'signature'))).toBe(true)
      expect(verifyZadarmaSignature(['another-secret'], event, fields, header(r, 'signature'))).toBe(false)
      const parsed = parseZadarma(event, fields, ctx('zadarma'))
      expect(parsed.eventId).toBe(`${fields.pbx_call_id}:${event}`)
    }
  })

  it('Zadarma: calls from a visible number become CallReceived with a valid E.164 caller', () => {
    const starts = requests('zadarma')
      .map((r) => Object.fromEntries(new URLSearchParams(r.init.body)))
      .filter((f) => f.event === 'NOTIFY_START' && f.caller_id !== '0')
    expect(starts.length).toBeGreaterThan(20)
    for (const fields of starts) {
      const parsed = parseZadarma('NOTIFY_START', fields, ctx('zadarma'))
      expect(parsed.emission).toMatchObject({ kind: 'call', event: { callerE164: `+${fields.caller_id}` } })
    }
  })

  it('Stripe: Stripe-Signature verifies within the tolerance, payments parse to PaymentReceived', () => {
    let payments = 0
    for (const r of requests('stripe', 100)) {
      const rawBody = Buffer.from(r.init.body)
      const header = r.init.headers['stripe-signature']
      expect(
        verifyStripeSignature({
          secrets: [devSecrets.stripe],
          header,
          rawBody,
          toleranceSec: 300,
          nowMs: now,
        }),
      ).toEqual({ ok: true })
      expect(
        verifyStripeSignature({ secrets: ['whsec_other'], header, rawBody, toleranceSec: 300, nowMs: now })
          .ok,
      ).toBe(false)
      const parsed = parseStripe(JSON.parse(r.init.body), ctx('stripe'))
      if (parsed.emission) {
        payments++
        expect(parsed.emission.kind).toBe('payment')
        const currency = parsed.emission.kind === 'payment' ? parsed.emission.event.currency : ''
        expect(currency).toMatch(/^[A-Z]{3}$/)
      }
    }
    expect(payments).toBeGreaterThan(70)
  })

  it('Standard Webhooks: form leads and tracked calls verify and parse', () => {
    for (const channel of ['lead', 'call'] as const) {
      for (const r of requests(channel, 50)) {
        expect(r.url).toBe('http://ingest.test/webhooks/inbound/shop')
        const check = verifyStandardWebhook({
          secrets: [devSecrets.inbound],
          id: header(r, 'webhook-id'),
          timestamp: header(r, 'webhook-timestamp'),
          signature: header(r, 'webhook-signature'),
          rawBody: Buffer.from(r.init.body),
          toleranceSec: 300,
          nowMs: now,
        })
        expect(check).toEqual({ ok: true })
        const parsed = parseInbound(JSON.parse(r.init.body), {
          ...ctx('inbound:shop'),
          webhookId: header(r, 'webhook-id') ?? '',
          source: 'shop',
          defaultLeadSource: undefined,
        })
        expect(parsed.emission?.kind).toBe(channel)
      }
    }
  })

  it('OnlinePBX: the path carries the token and events parse to calls', () => {
    for (const r of requests('onlinepbx', 50)) {
      expect(r.url).toBe(`http://ingest.test/webhooks/onlinepbx/${devSecrets.onlinepbx}`)
      expect(parseOnlinePbx(JSON.parse(r.init.body), ctx('onlinepbx')).emission?.kind).toBe('call')
    }
  })
})

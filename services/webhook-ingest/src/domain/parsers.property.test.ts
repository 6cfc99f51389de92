import {
  callReceivedV1,
  createAvroType,
  leadSubmittedV1,
  paymentReceivedV1,
  type Contract,
} from '@leadflow/contracts'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseInbound } from './inbound-event.js'
import { parseOnlinePbx } from './onlinepbx-event.js'
import { InvalidWebhookError, type ParsedWebhook } from './parsed-webhook.js'
import { parseStripe } from './stripe-event.js'
import { parseZadarma } from './zadarma-event.js'
import { zadarmaSignedFields, type ZadarmaEvent } from './zadarma-signature.js'

// Whatever a (correctly signed) provider sends, a parser either understands it or refuses it
// with InvalidWebhookError (answered 400). It never throws anything else (a 500 the provider
// would retry forever) and never emits an event the Avro contract cannot carry.

// 15 000 inputs a property (seconds on a quiet machine); PROPERTY_RUNS sets another number.
const runs = { numRuns: Number(process.env.PROPERTY_RUNS ?? 15_000) }
const ctx = { provider: 'test', receivedAt: new Date('2026-01-02T03:04:05Z'), defaultRegion: 'RU' }

const avro = new Map<string, ReturnType<typeof createAvroType>>()
function encodes<T>(contract: Contract<T>, event: T): boolean {
  let type = avro.get(contract.type)
  if (!type) avro.set(contract.type, (type = createAvroType(contract.schema)))
  return type.isValid(event)
}

/** Runs a parser; true when it parsed, false when it refused with InvalidWebhookError. */
function parsedOrRefused(parse: () => ParsedWebhook): ParsedWebhook | null {
  try {
    const parsed = parse()
    expect(parsed.eventId.length).toBeGreaterThan(0)
    const emission = parsed.emission
    if (emission?.kind === 'call') {
      expect(encodes(callReceivedV1, emission.event)).toBe(true)
      expect(emission.event.callerE164).toMatch(/^\+[1-9]\d{6,14}$/)
    }
    if (emission?.kind === 'payment') expect(encodes(paymentReceivedV1, emission.event)).toBe(true)
    if (emission?.kind === 'lead') expect(encodes(leadSubmittedV1, emission.event)).toBe(true)
    return parsed
  } catch (err) {
    if (err instanceof InvalidWebhookError) return null
    throw err
  }
}

/** Values a sender might put in any field: text of every kind, numbers at the edges, nesting. */
const oddValue = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '+',
    '+7 (916) 123-45-67',
    '79161234567',
    '8 800 555 35 35',
    'null',
    '0',
    '-1',
    '1e309',
  ),
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -0, 1e21),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 4 }),
)
const phoneLike = fc.oneof(
  fc.stringMatching(/^\+?[1-9]\d{6,14}$/),
  fc.stringMatching(/^[0-9 ()+-]{0,24}$/),
  oddValue,
)

describe('webhook parsers under arbitrary input', () => {
  it('Standard Webhooks: any JSON body parses or is refused as invalid', () => {
    const data = fc.record(
      {
        caller: phoneLike,
        phone: phoneLike,
        email: fc.oneof(fc.emailAddress(), oddValue),
        name: oddValue,
        direction: fc.oneof(fc.constantFrom('inbound', 'outbound', 'internal', 'unknown'), oddValue),
        startedAt: oddValue,
        durationSec: oddValue,
        utm: fc.oneof(fc.dictionary(fc.string(), fc.string()), oddValue),
      },
      { requiredKeys: [] },
    )
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({ type: fc.constantFrom('call.received', 'lead.submitted', 'other'), data }),
      fc.record({ type: oddValue, data: oddValue }),
    )
    fc.assert(
      fc.property(body, fc.string({ minLength: 1, maxLength: 60 }), (value, webhookId) => {
        const inbound = { ...ctx, webhookId, source: 'site', defaultLeadSource: undefined }
        const parsed = parsedOrRefused(() => parseInbound(value, inbound))
        if (parsed) expect(parsed.eventId).toBe(webhookId)
      }),
      runs,
    )
  }, 60_000)

  it('OnlinePBX: any JSON body parses or is refused, and the event id is uuid:event', () => {
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          uuid: oddValue,
          event: oddValue,
          caller: phoneLike,
          callee: phoneLike,
          direction: oddValue,
          date: oddValue,
          call_duration: oddValue,
          gateway: oddValue,
        },
        { requiredKeys: [] },
      ),
    )
    fc.assert(
      fc.property(body, (value) => {
        const parsed = parsedOrRefused(() => parseOnlinePbx(value, ctx))
        if (parsed) expect(parsed.eventId).toBe(`${parsed.callId}:${parsed.eventType}`)
      }),
      runs,
    )
  }, 60_000)

  it('Stripe: any JSON body parses or is refused, and the event id is the event id', () => {
    const object = fc.record(
      {
        id: oddValue,
        amount: oddValue,
        amount_received: oddValue,
        currency: fc.oneof(fc.constantFrom('usd', 'eur'), oddValue),
        receipt_email: oddValue,
        shipping: fc.oneof(fc.record({ name: oddValue, phone: phoneLike }), oddValue),
        billing_details: fc.oneof(fc.record({ email: oddValue, phone: phoneLike }), oddValue),
      },
      { requiredKeys: [] },
    )
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({
        id: oddValue,
        type: fc.oneof(
          fc.constantFrom('payment_intent.succeeded', 'charge.succeeded', 'invoice.paid'),
          oddValue,
        ),
        created: oddValue,
        data: fc.oneof(fc.record({ object }), oddValue),
      }),
    )
    fc.assert(
      fc.property(body, (value) => {
        const parsed = parsedOrRefused(() => parseStripe(value, ctx))
        if (parsed) expect(parsed.eventId).toBe((value as { id: unknown }).id?.toString())
      }),
      runs,
    )
  }, 60_000)

  it.each(['valueOf', 'constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'Stripe: an event type named like an object property (%s) is recorded, not a payment',
    (type) => {
      const parsed = parseStripe({ id: 'evt_1', type, data: { object: {} } }, ctx)
      expect(parsed).toMatchObject({ eventId: 'evt_1', eventType: type, emission: null })
    },
  )

  it('Zadarma: any form fields for any event parse or are refused, keyed by pbx_call_id:event', () => {
    const events = Object.keys(zadarmaSignedFields) as ZadarmaEvent[]
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.stringMatching(/^\+?[0-9]{0,16}$/),
      fc.constantFrom(
        '2024-05-14 12:34:56',
        '2024-02-30 25:61:61',
        '9999-12-31 23:59:59',
        '0000-00-00 00:00:00',
      ),
    )
    const fields = fc.dictionary(
      fc.constantFrom(
        'pbx_call_id',
        'caller_id',
        'called_did',
        'call_start',
        'internal',
        'destination',
        'duration',
        'disposition',
        'call_id_with_rec',
        'is_recorded',
      ),
      text,
    )
    fc.assert(
      fc.property(fc.constantFrom(...events), fields, (event, form) => {
        const parsed = parsedOrRefused(() => parseZadarma(event, form, ctx))
        if (parsed) expect(parsed.eventId).toBe(`${form.pbx_call_id?.trim()}:${event}`)
      }),
      runs,
    )
  }, 60_000)
})

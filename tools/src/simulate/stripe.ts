import { stripeSignature } from '../../../services/webhook-ingest/src/domain/stripe-signature.js'
import type { Delivery, HttpRequest, Targets } from './delivery.js'
import type { Person } from './people.js'
import type { Random } from './random.js'

/** A Stripe event body signed with `Stripe-Signature: t=…,v1=…` at `nowMs`. */
export function stripeRequest(targets: Targets, body: object, nowMs: number): HttpRequest {
  const raw = JSON.stringify(body)
  const t = String(Math.floor(nowMs / 1000))
  const v1 = stripeSignature(targets.secrets.stripe, t, Buffer.from(raw))
  return {
    url: `${targets.ingestUrl}/webhooks/stripe`,
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${v1}` },
      body: raw,
    },
  }
}

const currencies = ['eur', 'usd', 'gbp', 'rub']

/** The event's `data.object` for each type the simulator sends, as Stripe shapes it. */
function paymentObject(r: Random, type: string, payer: Person): Record<string, unknown> {
  const amount = r.pick([1900, 4900, 9900, 19900, r.int(500, 250000)])
  const currency = r.pick(currencies)
  switch (type) {
    case 'payment_intent.succeeded':
      return {
        id: `pi_${r.hex(24)}`,
        object: 'payment_intent',
        amount,
        amount_received: amount,
        currency,
        receipt_email: payer.email,
        shipping: { name: payer.name, phone: payer.phone },
      }
    case 'charge.succeeded':
      return {
        id: `ch_${r.hex(24)}`,
        object: 'charge',
        amount,
        amount_captured: amount,
        currency,
        billing_details: { email: payer.email, name: payer.name, phone: payer.phone },
      }
    case 'checkout.session.completed':
      return {
        id: `cs_live_${r.hex(24)}`,
        object: 'checkout.session',
        amount_total: amount,
        currency,
        customer_details: { email: payer.email, name: payer.name, phone: payer.phone },
      }
    case 'invoice.paid':
      return {
        id: `in_${r.hex(24)}`,
        object: 'invoice',
        amount_paid: amount,
        currency,
        customer_email: payer.email,
        customer_name: payer.name,
        customer_phone: payer.phone,
      }
    default:
      return { id: `cus_${r.hex(14)}`, object: 'customer', email: payer.email, name: payer.name }
  }
}

/** One Stripe event: mostly payments, sometimes an event Leadflow records without acting on. */
export function stripeEvent(r: Random, payer: Person, nowMs: number): Delivery[] {
  const type = r.chance(0.1)
    ? 'customer.created'
    : r.pick(['payment_intent.succeeded', 'charge.succeeded', 'checkout.session.completed', 'invoice.paid'])
  const id = `evt_${r.hex(24)}`
  const body = {
    id,
    object: 'event',
    api_version: '2024-06-20',
    created: Math.floor(nowMs / 1000),
    livemode: false,
    type,
    data: { object: paymentObject(r, type, payer) },
  }
  return [
    {
      kind: 'http',
      channel: 'stripe',
      eventId: id,
      redelivery: false,
      request: (targets: Targets, sendMs: number) => stripeRequest(targets, body, sendMs),
    },
  ]
}

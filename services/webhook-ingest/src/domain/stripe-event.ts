import type { PaymentReceivedV1 } from '@leadflow/contracts'
import { normalizePhone } from '@leadflow/phone'
import { InvalidWebhookError, instant, str, type ParseContext, type ParsedWebhook } from './parsed-webhook.js'

type Obj = Record<string, unknown>
/** Far above any real payment, and within what an Avro long carries exactly in JavaScript. */
const maxAmountMinor = 1e15
const asObj = (value: unknown): Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : {}

/** Where each Stripe payment event keeps its amount and customer. */
const paymentEvents: Record<string, (o: Obj) => { amount: unknown; customer: Obj }> = {
  'payment_intent.succeeded': (o) => ({
    amount: o.amount_received ?? o.amount,
    customer: { email: o.receipt_email, name: asObj(o.shipping).name, phone: asObj(o.shipping).phone },
  }),
  'charge.succeeded': (o) => ({
    amount: o.amount_captured ?? o.amount,
    customer: { ...asObj(o.billing_details), email: asObj(o.billing_details).email ?? o.receipt_email },
  }),
  'checkout.session.completed': (o) => ({ amount: o.amount_total, customer: asObj(o.customer_details) }),
  'invoice.paid': (o) => ({
    amount: o.amount_paid,
    customer: { email: o.customer_email, name: o.customer_name, phone: o.customer_phone },
  }),
}

/** A verified Stripe event: payments become PaymentReceived, anything else is recorded only. */
export function parseStripe(body: unknown, ctx: ParseContext): ParsedWebhook {
  const event = asObj(body)
  const id = str(event.id)
  const type = str(event.type)
  if (!id || !type || id.length > 255 || type.length > 100)
    throw new InvalidWebhookError('id and type are required')
  const base = { eventId: id, eventType: type, callId: null }
  // Own keys only: an event type such as `constructor` or `valueOf` is not a payment.
  const extract = Object.hasOwn(paymentEvents, type) ? paymentEvents[type] : undefined
  if (!extract) return { ...base, emission: null, reason: 'not a payment event' }

  const object = asObj(asObj(event.data).object)
  const { amount, customer } = extract(object)
  const paymentId = str(object.id)
  const currency = str(object.currency)
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 0 || amount > maxAmountMinor)
    throw new InvalidWebhookError('the payment amount is not a whole number of minor units in range')
  if (!paymentId || !currency) throw new InvalidWebhookError('the payment object lacks id or currency')
  const phone = str(customer.phone)
  const payment: PaymentReceivedV1 = {
    eventId: `${ctx.provider}:${id}`,
    provider: ctx.provider,
    providerEventId: id,
    type,
    amountMinor: amount,
    currency: currency.toUpperCase(),
    customerEmail: str(customer.email)?.trim().toLowerCase() ?? null,
    customerPhoneE164: phone ? normalizePhone(phone, ctx.defaultRegion).e164 : null,
    customerName: str(customer.name)?.trim() ?? null,
    paymentId,
    occurredAt: instant(event.created) ?? ctx.receivedAt,
    receivedAt: ctx.receivedAt,
  }
  return { ...base, emission: { kind: 'payment', event: payment } }
}

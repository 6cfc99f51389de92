import { describe, expect, it } from 'vitest'
import { parseInbound } from './inbound-event.js'
import { parseOnlinePbx } from './onlinepbx-event.js'
import { InvalidWebhookError } from './parsed-webhook.js'
import { parseStripe } from './stripe-event.js'
import { parseZadarma, zadarmaTime } from './zadarma-event.js'

const receivedAt = new Date('2024-05-14T12:35:00.000Z')
const ctx = (provider: string, defaultRegion?: string) => ({ provider, receivedAt, defaultRegion })

describe('Zadarma notifications', () => {
  const start = {
    event: 'NOTIFY_START',
    pbx_call_id: 'in_123',
    caller_id: '79161234567',
    called_did: '74951234567',
    call_start: '2024-05-14 12:34:56',
  }

  it('become a CallReceived with E.164 numbers, raw values and the start as an instant', () => {
    const parsed = parseZadarma('NOTIFY_START', start, ctx('zadarma'))
    expect(parsed).toMatchObject({
      eventId: 'in_123:NOTIFY_START',
      eventType: 'NOTIFY_START',
      callId: 'in_123',
    })
    expect(parsed.emission).toMatchObject({
      kind: 'call',
      event: {
        eventId: 'zadarma:in_123:NOTIFY_START',
        direction: 'inbound',
        callerE164: '+79161234567',
        callerRaw: '79161234567',
        calleeE164: '+74951234567',
        calledDid: '74951234567',
        startedAt: new Date('2024-05-14T12:34:56.000Z'),
      },
    })
  })

  it('reads duration, disposition and the recording of NOTIFY_END; outbound calls are outbound', () => {
    const end = {
      ...start,
      duration: '42',
      disposition: 'answered',
      is_recorded: '1',
      call_id_with_rec: 'rec_1',
    }
    const parsed = parseZadarma('NOTIFY_END', end, ctx('zadarma'))
    expect(parsed.emission).toMatchObject({
      event: { durationSec: 42, disposition: 'answered', recordingId: 'rec_1' },
    })
    const out = parseZadarma(
      'NOTIFY_OUT_START',
      { ...start, destination: '89161234567', internal: '100' },
      ctx('zadarma', 'RU'),
    )
    expect(out.emission).toMatchObject({ event: { direction: 'outbound', calleeE164: '+79161234567' } })
  })

  it('a recording refers to the earlier event of its call', () => {
    const parsed = parseZadarma(
      'NOTIFY_RECORD',
      { pbx_call_id: 'in_123', call_id_with_rec: 'rec_9' },
      ctx('zadarma'),
    )
    expect(parsed.emission).toMatchObject({
      kind: 'call-by-id',
      callId: 'in_123',
      patch: { recordingId: 'rec_9' },
    })
  })

  it('records a hidden caller without emitting, and refuses a missing call id or start', () => {
    expect(
      parseZadarma('NOTIFY_START', { ...start, caller_id: 'anonymous' }, ctx('zadarma')).emission,
    ).toBeNull()
    expect(() => parseZadarma('NOTIFY_START', { ...start, pbx_call_id: '' }, ctx('zadarma'))).toThrow(
      InvalidWebhookError,
    )
    expect(() => parseZadarma('NOTIFY_START', { ...start, call_start: 'soon' }, ctx('zadarma'))).toThrow(
      InvalidWebhookError,
    )
    expect(zadarmaTime('2024-02-30 10:00:00')).toBeUndefined()
  })
})

describe('OnlinePBX, Stripe and Standard Webhooks bodies', () => {
  it('OnlinePBX calls are keyed by uuid and event', () => {
    const body = {
      domain: 'x.onpbx.ru',
      event: 'call_start',
      direction: 'inbound',
      uuid: 'u-1',
      caller: '+7 916 123-45-67',
      callee: '101',
      date: 1715690096,
    }
    const parsed = parseOnlinePbx(body, ctx('onlinepbx'))
    expect(parsed.eventId).toBe('u-1:call_start')
    expect(parsed.emission).toMatchObject({
      event: { callerE164: '+79161234567', startedAt: new Date(1715690096000) },
    })
    expect(() => parseOnlinePbx([], ctx('onlinepbx'))).toThrow(InvalidWebhookError)
  })

  it('Stripe payment events become PaymentReceived; other events are recorded only', () => {
    const body = {
      id: 'evt_1',
      type: 'payment_intent.succeeded',
      created: 1700000000,
      data: {
        object: {
          id: 'pi_1',
          amount: 1000,
          amount_received: 1000,
          currency: 'eur',
          receipt_email: 'Anna@Example.com',
        },
      },
    }
    expect(parseStripe(body, ctx('stripe')).emission).toMatchObject({
      kind: 'payment',
      event: {
        eventId: 'stripe:evt_1',
        amountMinor: 1000,
        currency: 'EUR',
        customerEmail: 'anna@example.com',
        paymentId: 'pi_1',
      },
    })
    expect(parseStripe({ id: 'evt_2', type: 'customer.created' }, ctx('stripe')).emission).toBeNull()
    expect(() =>
      parseStripe({ id: 'evt_3', type: 'charge.succeeded', data: { object: {} } }, ctx('stripe')),
    ).toThrow(InvalidWebhookError)
  })

  it('Standard Webhooks lead.submitted becomes a LeadSubmitted from the webhook channel', () => {
    const inbound = {
      ...ctx('inbound:shop', 'DE'),
      webhookId: 'msg_1',
      source: 'shop',
      defaultLeadSource: 'web-shop',
    }
    const parsed = parseInbound(
      { type: 'lead.submitted', data: { name: 'Anna', email: 'anna@example.com', phone: '030 1234567' } },
      inbound,
    )
    expect(parsed.emission).toMatchObject({
      kind: 'lead',
      event: {
        eventId: 'inbound:shop:msg_1',
        channel: 'webhook',
        source: 'web-shop',
        phoneE164: '+49301234567',
      },
    })
    expect(() => parseInbound({ type: 'call.received', data: {} }, inbound)).toThrow(InvalidWebhookError)
    expect(parseInbound({ type: 'ping', data: {} }, inbound).emission).toBeNull()
  })
})

import { randomUUID } from 'node:crypto'
import { callReceivedV1, leadSubmittedV1, paymentReceivedV1 } from '@leadflow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  collectEvents,
  freshDatabase,
  putSettings,
  startIngest,
  waitFor,
  type Ingest,
} from './ingest-harness.js'
import { inboundRequest, secrets, stripeRequest, zadarmaRequest } from './signing.js'

const run = randomUUID().slice(0, 8)
const mine = (eventId: string) => eventId.includes(run)
const callStart = '2024-05-14 12:34:56'
const startFields = (pbxCallId: string) => ({
  pbx_call_id: pbxCallId,
  caller_id: '79161234567',
  called_did: '74951234567',
  call_start: callStart,
})

describe('webhooks on the real Postgres, Redis and Kafka', () => {
  let ingest: Ingest
  let calls: Awaited<
    ReturnType<
      typeof collectEvents<typeof callReceivedV1 extends { key: (e: infer T) => string } ? T : never>
    >
  >
  let payments: Awaited<ReturnType<typeof collectEvents>>
  let leads: Awaited<ReturnType<typeof collectEvents>>
  const post = (path: string, init: RequestInit) => fetch(`${ingest.url}${path}`, init)
  const callsWith = (eventId: string) => calls.events.filter((e) => e.eventId === eventId)

  beforeAll(async () => {
    ingest = await startIngest(await freshDatabase())
    const { kafka } = ingest.connections
    ;[calls, payments, leads] = await Promise.all([
      collectEvents(kafka, callReceivedV1, mine),
      collectEvents(kafka, paymentReceivedV1, mine),
      collectEvents(kafka, leadSubmittedV1, mine),
    ])
    const put = [
      putSettings(ingest.url, 'zadarma', {
        enabled: true,
        secret: secrets.zadarma,
        allowedIps: ['127.0.0.1'],
        defaultRegion: 'RU',
      }),
      putSettings(ingest.url, 'onlinepbx', { enabled: true, secret: secrets.onlinepbx, allowAnyIp: true }),
      putSettings(ingest.url, 'stripe', { enabled: true, secret: secrets.stripe }),
      putSettings(ingest.url, 'inbound/shop', {
        enabled: true,
        secret: secrets.inbound,
        defaultRegion: 'DE',
        defaultLeadSource: 'web-shop',
      }),
    ]
    for (const res of await Promise.all(put)) expect(res.status).toBe(200)
  })
  afterAll(async () => {
    await Promise.all([calls?.stop(), payments?.stop(), leads?.stop()])
    await ingest?.stop()
  })

  it('answers the Zadarma echo check', async () => {
    const res = await fetch(`${ingest.url}/webhooks/zadarma?zd_echo=abc123`)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('abc123')
  })

  it('turns a signed Zadarma NOTIFY_START into exactly one CallReceived, also when sent again', async () => {
    const id = `in_${run}_start`
    const first = await post('/webhooks/zadarma', zadarmaRequest('NOTIFY_START', startFields(id)))
    expect(first.status).toBe(200)
    expect(await first.json()).toEqual({ status: 'accepted' })
    const again = await post('/webhooks/zadarma', zadarmaRequest('NOTIFY_START', startFields(id)))
    expect(await again.json()).toEqual({ status: 'duplicate' })

    const eventId = `zadarma:${id}:NOTIFY_START`
    const [got] = await waitFor(() => (callsWith(eventId).length > 0 ? callsWith(eventId) : null))
    expect(got?.key).toBe('+79161234567')
    expect(got?.event).toMatchObject({
      provider: 'zadarma',
      providerEventId: id,
      event: 'NOTIFY_START',
      direction: 'inbound',
      callerE164: '+79161234567',
      callerRaw: '79161234567',
      calleeE164: '+74951234567',
      callId: id,
      startedAt: new Date('2024-05-14T12:34:56.000Z'),
    })
    // A recording notice later carries the caller of its call.
    const rec = await post(
      '/webhooks/zadarma',
      zadarmaRequest('NOTIFY_RECORD', { pbx_call_id: id, call_id_with_rec: `rec_${run}` }),
    )
    expect(await rec.json()).toEqual({ status: 'accepted' })
    const recordId = `zadarma:${id}:NOTIFY_RECORD`
    const [recording] = await waitFor(() => (callsWith(recordId).length > 0 ? callsWith(recordId) : null))
    expect(recording?.event).toMatchObject({ callerE164: '+79161234567', recordingId: `rec_${run}` })
    await ingest.app.relay.flush()
    expect(callsWith(eventId)).toHaveLength(1)
  })

  it('accepts one of many concurrent identical webhooks, and a later retry is still a duplicate', async () => {
    const id = `in_${run}_burst`
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        post('/webhooks/zadarma', zadarmaRequest('NOTIFY_START', startFields(id))).then((r) => r.json()),
      ),
    )
    expect(answers.filter((a) => (a as { status: string }).status === 'accepted')).toHaveLength(1)
    expect(answers.filter((a) => (a as { status: string }).status === 'duplicate')).toHaveLength(11)

    const retry = await post('/webhooks/zadarma', zadarmaRequest('NOTIFY_START', startFields(id)))
    expect(await retry.json()).toEqual({ status: 'duplicate' })

    const eventId = `zadarma:${id}:NOTIFY_START`
    await waitFor(() => callsWith(eventId).length > 0)
    // A canary sent afterwards arrives on the same key, so anything duplicated would be in by then.
    const canary = `in_${run}_canary`
    await post('/webhooks/zadarma', zadarmaRequest('NOTIFY_START', startFields(canary)))
    await waitFor(() => callsWith(`zadarma:${canary}:NOTIFY_START`).length > 0)
    expect(callsWith(eventId)).toHaveLength(1)
    const row = await ingest.db.webhookEvent.findUnique({
      where: { provider_eventId: { provider: 'zadarma', eventId: `${id}:NOTIFY_START` } },
    })
    expect(row?.duplicates).toBeGreaterThanOrEqual(11)
  })

  it('OnlinePBX: the path token authenticates; a wrong token is 401', async () => {
    const uuid = `opbx-${run}`
    const body = {
      domain: 'acme.onpbx.ru',
      event: 'call_start',
      direction: 'inbound',
      uuid,
      caller: '+7 916 765-43-21',
      callee: '100',
      gateway: '74951234567',
      date: 1715690096,
    }
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }
    expect((await post(`/webhooks/onlinepbx/${secrets.onlinepbx}`, init)).status).toBe(200)
    const bad = await post('/webhooks/onlinepbx/wrong-token-0000000000', init)
    expect(bad.status).toBe(401)
    expect(bad.headers.get('content-type')).toContain('application/problem+json')
    const eventId = `onlinepbx:${uuid}:call_start`
    const [got] = await waitFor(() => (callsWith(eventId).length > 0 ? callsWith(eventId) : null))
    expect(got?.event).toMatchObject({
      callerE164: '+79167654321',
      startedAt: new Date(1715690096000),
      calledDid: '74951234567',
    })
  })

  it('Stripe: a signed payment becomes PaymentReceived; a bad or old signature is 401', async () => {
    const evt = `evt_${run}`
    const body = {
      id: evt,
      type: 'payment_intent.succeeded',
      created: 1700000000,
      data: {
        object: {
          id: `pi_${run}`,
          amount_received: 4990,
          currency: 'usd',
          receipt_email: 'buyer@example.com',
        },
      },
    }
    expect((await post('/webhooks/stripe', stripeRequest(body))).status).toBe(200)
    expect(
      (await post('/webhooks/stripe', stripeRequest(body, Math.floor(Date.now() / 1000) - 301))).status,
    ).toBe(401)
    expect((await post('/webhooks/stripe', stripeRequest(body, undefined, 'whsec_wrong'))).status).toBe(401)
    const [got] = await waitFor(() => {
      const found = payments.events.filter((e) => e.eventId === `stripe:${evt}`)
      return found.length > 0 ? found : null
    })
    expect(got?.key).toBe('buyer@example.com')
    expect(got?.event).toMatchObject({
      amountMinor: 4990,
      currency: 'USD',
      paymentId: `pi_${run}`,
      occurredAt: new Date(1700000000000),
    })
  })

  it('Standard Webhooks: lead.submitted and call.received become their events', async () => {
    const leadId = `msg_${run}_lead`
    const res = await post(
      '/webhooks/inbound/shop',
      inboundRequest(leadId, {
        type: 'lead.submitted',
        data: { name: 'Anna', email: 'anna@example.com', phone: '030 1234567' },
      }),
    )
    expect(await res.json()).toEqual({ status: 'accepted' })
    const callId = `msg_${run}_call`
    expect(
      (
        await post(
          '/webhooks/inbound/shop',
          inboundRequest(callId, { type: 'call.received', data: { caller: '+49 30 7654321' } }),
        )
      ).status,
    ).toBe(200)
    const [lead] = await waitFor(() => {
      const found = leads.events.filter((e) => e.eventId === `inbound:shop:${leadId}`)
      return found.length > 0 ? found : null
    })
    expect(lead?.event).toMatchObject({
      channel: 'webhook',
      source: 'web-shop',
      phoneE164: '+49301234567',
      email: 'anna@example.com',
    })
    await waitFor(() => callsWith(`inbound:shop:${callId}`).length > 0)
    const old = inboundRequest(
      `msg_${run}_old`,
      { type: 'lead.submitted', data: {} },
      Math.floor(Date.now() / 1000) - 400,
    )
    expect((await post('/webhooks/inbound/shop', old)).status).toBe(401)
  })
})

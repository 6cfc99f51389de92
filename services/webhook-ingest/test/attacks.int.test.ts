/**
 * The webhook attack suite: every way a forger, a replayer or a flooder can try to get an
 * event into Leadflow, each refused with the documented status and stable code, and nothing
 * stored (no webhook_events row, so no outbox row and no event).
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { standardWebhooksSignature } from '../src/domain/standard-webhooks-signature.js'
import { zadarmaSignature, zadarmaSignedString } from '../src/domain/zadarma-signature.js'
import { awayFromMinuteEnd, freshDatabase, putSettings, startIngest, type Ingest } from './ingest-harness.js'
import { inboundRequest, secrets, stripeRequest, zadarmaRequest } from './signing.js'
import { expectRefusal, withHeaders, type Attack } from './webhook-attack-support.js'

const run = randomUUID().slice(0, 8)
const now = () => Math.floor(Date.now() / 1000)
const call = (id: string) => ({
  pbx_call_id: `atk_${run}_${id}`,
  caller_id: '79161234567',
  called_did: '74951234567',
  call_start: '2024-05-14 12:34:56',
})
const payment = (id: string) => ({
  id: `evt_${run}_${id}`,
  type: 'payment_intent.succeeded',
  created: 1700000000,
  data: { object: { id: `pi_${run}_${id}`, amount_received: 4990, currency: 'usd' } },
})
const lead = { type: 'lead.submitted', data: { email: 'attacker@example.com' } }
const pbxCall = (id: string) =>
  JSON.stringify({
    domain: 'acme.onpbx.ru',
    event: 'call_start',
    direction: 'inbound',
    uuid: `atk-${run}-${id}`,
    caller: '+7 916 765-43-21',
    callee: '100',
    gateway: '74951234567',
    date: 1715690096,
  })
const json = { 'content-type': 'application/json' }

describe('webhook attacks are refused and leave nothing behind', () => {
  let ingest: Ingest
  const post = (path: string, init: RequestInit) => fetch(`${ingest.url}${path}`, init)
  const stored = () => ingest.db.webhookEvent.count()
  const outbox = () => ingest.db.outboxMessage.count()

  beforeAll(async () => {
    ingest = await startIngest(await freshDatabase())
    const settings: [string, object][] = [
      ['zadarma', { enabled: true, secret: secrets.zadarma, allowedIps: ['127.0.0.1'] }],
      ['onlinepbx', { enabled: true, secret: secrets.onlinepbx, allowedIps: ['127.0.0.1'] }],
      ['stripe', { enabled: true, secret: secrets.stripe }],
      ['inbound/shop', { enabled: true, secret: secrets.inbound }],
      // Senders whose allowlist does not hold the test's own address (127.0.0.1).
      ['inbound/ipguard', { enabled: true, secret: secrets.inbound, allowedIps: ['185.45.152.42'] }],
      [
        'inbound/behind-proxy',
        {
          enabled: true,
          secret: secrets.inbound,
          allowedIps: ['185.45.152.42'],
          trustedProxies: ['10.0.0.1'],
        },
      ],
      [`inbound/flood-${run}`, { enabled: true, secret: secrets.inbound, rateLimitPerMinute: 1 }],
    ]
    for (const [path, body] of settings) expect((await putSettings(ingest.url, path, body)).status).toBe(200)
  })
  afterAll(() => ingest?.stop())

  const zadarmaStart = (id: string) => zadarmaRequest('NOTIFY_START', call(id))
  const inbound = (id: string, timestamp?: number) => inboundRequest(`msg_${run}_${id}`, lead, timestamp)

  const attacks: Attack[] = [
    // Zadarma: base64(hex HMAC-SHA1) over the event's signed fields
    {
      name: 'Zadarma: signature made with another secret',
      send: () =>
        post(
          '/webhooks/zadarma',
          withHeaders(zadarmaStart('forged'), {
            signature: zadarmaSignature(
              'guessed-secret',
              zadarmaSignedString('NOTIFY_START', { event: 'NOTIFY_START', ...call('forged') }),
            ),
          }),
        ),
      status: 401,
      code: 'bad_signature',
    },
    {
      name: 'Zadarma: no Signature header',
      send: () => post('/webhooks/zadarma', withHeaders(zadarmaStart('nosig'), { signature: undefined })),
      status: 401,
      code: 'bad_signature',
    },
    {
      name: "Zadarma: a captured signature replayed over another caller's number",
      send: () => {
        const captured = zadarmaStart('swap')
        const body = new URLSearchParams(captured.body)
        body.set('caller_id', '79990000000')
        return post('/webhooks/zadarma', { ...captured, body: body.toString() })
      },
      status: 401,
      code: 'bad_signature',
    },
    {
      name: 'Zadarma: an event name outside the signed catalogue (nothing to verify)',
      send: () => {
        const body = new URLSearchParams({ event: 'NOTIFY_FAKE', ...call('fake') })
        return post('/webhooks/zadarma', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', signature: 'AAAA' },
          body: body.toString(),
        })
      },
      status: 401,
      code: 'bad_signature',
    },
    // OnlinePBX: the secret is the path token
    {
      name: 'OnlinePBX: a wrong path token',
      send: () =>
        post('/webhooks/onlinepbx/wrong-token-000000000000000', {
          method: 'POST',
          headers: json,
          body: pbxCall('wrong'),
        }),
      status: 401,
      code: 'bad_signature',
    },
    {
      name: 'OnlinePBX: a prefix of the real token',
      send: () =>
        post(`/webhooks/onlinepbx/${secrets.onlinepbx.slice(0, 10)}`, {
          method: 'POST',
          headers: json,
          body: pbxCall('prefix'),
        }),
      status: 401,
      code: 'bad_signature',
    },
    // Stripe: HMAC-SHA256 over "t.body", 300 s tolerance
    {
      name: 'Stripe: signature made with another secret',
      send: () => post('/webhooks/stripe', stripeRequest(payment('forged'), now(), 'whsec_guessed')),
      status: 401,
      code: 'bad_signature',
    },
    {
      name: 'Stripe: no Stripe-Signature header',
      send: () =>
        post(
          '/webhooks/stripe',
          withHeaders(stripeRequest(payment('nosig')), { 'stripe-signature': undefined }),
        ),
      status: 401,
      code: 'bad_signature',
    },
    {
      name: 'Stripe: a genuine request replayed after the 300 s window',
      send: () => post('/webhooks/stripe', stripeRequest(payment('old'), now() - 301)),
      status: 401,
      code: 'bad_signature',
    },
    {
      name: 'Stripe: a timestamp more than 300 s in the future',
      send: () => post('/webhooks/stripe', stripeRequest(payment('future'), now() + 301)),
      status: 401,
      code: 'bad_signature',
    },
    {
      name: 'Stripe: a captured signature replayed over a changed amount',
      send: () => {
        const captured = stripeRequest(payment('amount'))
        return post('/webhooks/stripe', { ...captured, body: captured.body.replace('4990', '1') })
      },
      status: 401,
      code: 'bad_signature',
    },
    {
      name: 'Stripe: a captured signature re-stamped with a fresh timestamp',
      send: () => {
        const captured = stripeRequest(payment('restamp'), now() - 3600)
        const header = captured.headers['stripe-signature'].replace(/^t=\d+/, `t=${now()}`)
        return post('/webhooks/stripe', withHeaders(captured, { 'stripe-signature': header }))
      },
      status: 401,
      code: 'bad_signature',
    },
    // Standard Webhooks: HMAC-SHA256 over "id.timestamp.body", 300 s tolerance
    {
      name: 'Standard Webhooks: signature made with another secret',
      send: () =>
        post(
          '/webhooks/inbound/shop',
          withHeaders(inbound('forged'), {
            'webhook-signature': standardWebhooksSignature(
              `whsec_${Buffer.from('a-guessed-secret-of-32-bytes!!!!').toString('base64')}`,
              `msg_${run}_forged`,
              String(now()),
              Buffer.from(JSON.stringify(lead)),
            ),
          }),
        ),
      status: 401,
      code: 'bad_signature',
    },
    {
      name: 'Standard Webhooks: no webhook-signature header',
      send: () =>
        post('/webhooks/inbound/shop', withHeaders(inbound('nosig'), { 'webhook-signature': undefined })),
      status: 401,
      code: 'bad_signature',
    },
    {
      name: 'Standard Webhooks: a genuine message replayed after the 300 s window',
      send: () => post('/webhooks/inbound/shop', inbound('old', now() - 301)),
      status: 401,
      code: 'bad_signature',
    },
    {
      name: 'Standard Webhooks: a timestamp more than 300 s in the future',
      send: () => post('/webhooks/inbound/shop', inbound('future', now() + 301)),
      status: 401,
      code: 'bad_signature',
    },
    {
      name: 'Standard Webhooks: a captured signature replayed under a new webhook-id',
      send: () =>
        post('/webhooks/inbound/shop', withHeaders(inbound('captured'), { 'webhook-id': `msg_${run}_new` })),
      status: 401,
      code: 'bad_signature',
    },
    // Source address: X-Forwarded-For / X-Real-IP are believed only from a trusted proxy
    {
      name: 'allowlist bypass: X-Forwarded-For naming an allowed address, from an untrusted peer',
      send: () =>
        post(
          '/webhooks/inbound/ipguard',
          withHeaders(inbound('xff'), { 'x-forwarded-for': '185.45.152.42', 'x-real-ip': '185.45.152.42' }),
        ),
      status: 403,
      code: 'ip_denied',
    },
    {
      name: 'allowlist bypass: a forged proxy chain when the peer is not the configured proxy',
      send: () =>
        post(
          '/webhooks/inbound/behind-proxy',
          withHeaders(inbound('chain'), { 'x-forwarded-for': '185.45.152.42, 10.0.0.1' }),
        ),
      status: 403,
      code: 'ip_denied',
    },
    // Sizes and types
    {
      name: 'oversized body (over WEBHOOK_BODY_LIMIT_BYTES)',
      send: () =>
        post(
          '/webhooks/inbound/shop',
          inboundRequest(`msg_${run}_big`, { type: 'lead.submitted', data: 'a'.repeat(70_000) }),
        ),
      status: 413,
      code: 'payload_too_large',
    },
    {
      name: 'a signed body sent as another content type',
      send: () =>
        post('/webhooks/inbound/shop', withHeaders(inbound('ctype'), { 'content-type': 'text/xml' })),
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      name: 'an unknown sender',
      send: () => post(`/webhooks/inbound/nobody-${run}`, inbound('unknown')),
      status: 404,
      code: 'not_found',
    },
  ]

  it.each(attacks)('$name → $status $code', async ({ send, status, code }) => {
    const [rows, pending] = [await stored(), await outbox()]
    await expectRefusal(await send(), status, code)
    expect(await stored()).toBe(rows)
    expect(await outbox()).toBe(pending)
  })

  it('a flood from one address is cut off with 429 and Retry-After, the refused webhook not stored', async () => {
    const path = `/webhooks/inbound/flood-${run}`
    await awayFromMinuteEnd()
    expect((await post(path, inbound('flood-1'))).status).toBe(200)
    const rows = await stored()
    const res = await expectRefusal(await post(path, inbound('flood-2')), 429, 'rate_limited')
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await stored()).toBe(rows)
    expect(await ingest.db.webhookEvent.count({ where: { eventId: `msg_${run}_flood-2` } })).toBe(0)
  })

  it('a genuine webhook replayed byte for byte inside the window is stored once and answered duplicate', async () => {
    const captured = inbound('replayed')
    const first = await post('/webhooks/inbound/shop', captured)
    expect(await first.json()).toEqual({ status: 'accepted' })
    for (let i = 0; i < 3; i++) {
      const again = await post('/webhooks/inbound/shop', captured)
      expect(again.status).toBe(200)
      expect(await again.json()).toEqual({ status: 'duplicate' })
    }
    const stripe = stripeRequest(payment('replayed'))
    expect(await (await post('/webhooks/stripe', stripe)).json()).toEqual({ status: 'accepted' })
    expect(await (await post('/webhooks/stripe', stripe)).json()).toEqual({ status: 'duplicate' })
    const rows = await ingest.db.webhookEvent.findMany({
      where: { eventId: { in: [`msg_${run}_replayed`, `evt_${run}_replayed`] } },
      orderBy: { eventId: 'asc' },
    })
    // One row each, the replays only counted: a duplicate is never emitted again.
    expect(rows.map((r) => [r.eventId, r.duplicates])).toEqual([
      [`evt_${run}_replayed`, 1],
      [`msg_${run}_replayed`, 3],
    ])
  })
})

import { randomUUID } from 'node:crypto'
import { callReceivedV1 } from '@leadflow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  awayFromMinuteEnd,
  collectEvents,
  freshDatabase,
  internalToken,
  putSettings,
  startIngest,
  waitFor,
  type Ingest,
} from './ingest-harness.js'
import { inboundRequest, secrets, zadarmaRequest } from './signing.js'

const run = randomUUID().slice(0, 8)
const start = (id: string) => ({
  pbx_call_id: `in_${run}_${id}`,
  caller_id: '79161234567',
  called_did: '74951234567',
  call_start: '2024-05-14 12:34:56',
})
const auth = { authorization: `Bearer ${internalToken}` }

describe('webhook refusals, provider settings and the internal API', () => {
  let ingest: Ingest
  const post = (path: string, init: RequestInit) => fetch(`${ingest.url}${path}`, init)
  const zadarma = async (id: string, headers: Record<string, string> = {}) =>
    (await post('/webhooks/zadarma', zadarmaRequest('NOTIFY_START', start(id), headers))).status

  beforeAll(async () => {
    ingest = await startIngest(await freshDatabase())
    expect(
      (
        await putSettings(ingest.url, 'zadarma', {
          enabled: true,
          secret: secrets.zadarma,
          allowedIps: ['185.45.152.42'],
        })
      ).status,
    ).toBe(200)
    expect(
      (await putSettings(ingest.url, 'inbound/shop', { enabled: true, secret: secrets.inbound })).status,
    ).toBe(200)
  })
  afterAll(() => ingest?.stop())

  it('refuses a source address outside the allowlist, and a spoofed X-Forwarded-For from an untrusted peer', async () => {
    expect(await zadarma('denied')).toBe(403)
    expect(
      await zadarma('spoofed', { 'x-forwarded-for': '185.45.152.42', 'x-real-ip': '185.45.152.42' }),
    ).toBe(403)
  })

  it('believes X-Forwarded-For from a trusted proxy, and settings changes apply without a restart', async () => {
    await putSettings(ingest.url, 'zadarma', {
      enabled: true,
      allowedIps: ['185.45.152.42'],
      trustedProxies: ['127.0.0.1'],
    })
    expect(await zadarma('proxied', { 'x-forwarded-for': '185.45.152.42' })).toBe(200)
    // A change written by another replica reaches this one within the cache time.
    await ingest.db.providerSetting.update({ where: { provider: 'zadarma' }, data: { enabled: false } })
    await waitFor(
      async () => (await zadarma('disabled', { 'x-forwarded-for': '185.45.152.42' })) === 404,
      5_000,
    )
  })

  it('answers 401 for a bad signature, 415 / 413 / 400 / 404 for what a sender can get wrong, all problem+json', async () => {
    const good = inboundRequest(`msg_${run}_a`, { type: 'lead.submitted', data: {} })
    const bad = { ...good, headers: { ...good.headers, 'webhook-signature': 'v1,AAAA' } }
    const answers = [
      [await post('/webhooks/inbound/shop', bad), 401],
      [
        await post('/webhooks/inbound/shop', {
          ...good,
          headers: { ...good.headers, 'content-type': 'text/plain' },
        }),
        415,
      ],
      [
        await post(
          '/webhooks/inbound/shop',
          inboundRequest(`msg_${run}_big`, { type: 'x', data: 'a'.repeat(70_000) }),
        ),
        413,
      ],
      [
        await post('/webhooks/inbound/shop', { ...inboundRequest(`msg_${run}_j`, {}), body: '{"type":' }),
        401,
      ],
      [await post('/webhooks/inbound/unknown', good), 404],
      [await post('/webhooks/stripe', good), 404],
    ] as const
    for (const [res, status] of answers) {
      expect(res.status).toBe(status)
      expect(res.headers.get('content-type')).toContain('application/problem+json')
    }
    // A well-signed body that is not JSON is malformed.
    const raw = '{"type":'
    const signed = inboundRequest(`msg_${run}_m`, {})
    const { standardWebhooksSignature } = await import('../src/domain/standard-webhooks-signature.js')
    const ts = signed.headers['webhook-timestamp']
    signed.headers['webhook-signature'] = standardWebhooksSignature(
      secrets.inbound,
      `msg_${run}_m`,
      ts,
      Buffer.from(raw),
    )
    expect((await post('/webhooks/inbound/shop', { ...signed, body: raw })).status).toBe(400)
  })

  it('rate-limits per provider and client address with 429 and Retry-After', async () => {
    await putSettings(ingest.url, `inbound/rl-${run}`, {
      enabled: true,
      secret: secrets.inbound,
      rateLimitPerMinute: 3,
    })
    const statuses: number[] = []
    let retryAfter: string | null = null
    await awayFromMinuteEnd()
    for (let i = 0; i < 4; i++) {
      const res = await post(
        `/webhooks/inbound/rl-${run}`,
        inboundRequest(`msg_${run}_rl${i}`, { type: 'ping', data: {} }),
      )
      statuses.push(res.status)
      if (res.status === 429) retryAfter = res.headers.get('retry-after')
    }
    expect(statuses).toEqual([200, 200, 200, 429])
    expect(Number(retryAfter)).toBeGreaterThan(0)
  })

  it('guards the internal API with the service token and masks secrets', async () => {
    expect((await fetch(`${ingest.url}/internal/v1/providers`)).status).toBe(401)
    const res = await fetch(`${ingest.url}/internal/v1/providers/inbound/shop`, { headers: auth })
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({
      provider: 'inbound:shop',
      enabled: true,
      hasSecret: true,
      secret: `••••${secrets.inbound.slice(-4)}`,
    })
    expect(JSON.stringify(body)).not.toContain(secrets.inbound)
    const stored = await ingest.db.providerSetting.findUnique({ where: { provider: 'inbound:shop' } })
    expect(stored?.secrets[0]).not.toContain(secrets.inbound)
    const invalid = await putSettings(ingest.url, 'onlinepbx', { enabled: true, secret: 'token-123456789' })
    expect(invalid.status).toBe(400)
    expect(((await invalid.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('allowedIps')
  })

  it('lists received webhooks page by page and replays one with the same event id', async () => {
    const calls = await collectEvents(ingest.connections.kafka, callReceivedV1, (id) => id.includes(run))
    try {
      for (const n of [1, 2, 3]) {
        const res = await post(
          '/webhooks/inbound/shop',
          inboundRequest(`msg_${run}_c${n}`, { type: 'call.received', data: { caller: '+49 30 1234567' } }),
        )
        expect(res.status).toBe(200)
      }
      const page1 = (await (
        await fetch(
          `${ingest.url}/internal/v1/webhook-events?provider=inbound:shop&status=accepted&limit=2`,
          { headers: auth },
        )
      ).json()) as { data: { id: string; eventId: string }[]; nextCursor: string }
      expect(page1.data).toHaveLength(2)
      const page2 = (await (
        await fetch(
          `${ingest.url}/internal/v1/webhook-events?provider=inbound:shop&status=accepted&limit=2&cursor=${page1.nextCursor}`,
          { headers: auth },
        )
      ).json()) as { data: { id: string; eventId: string }[]; nextCursor: string | null }
      expect(page2.data.length).toBeGreaterThanOrEqual(1)
      expect(new Set([...page1.data, ...page2.data].map((e) => e.id)).size).toBe(
        page1.data.length + page2.data.length,
      )
      expect(page1.data[0]).not.toHaveProperty('rawBody')

      const target = page1.data[0]
      const replay = await fetch(`${ingest.url}/internal/v1/webhook-events/replay`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ ids: [target?.id] }),
      })
      expect(await replay.json()).toEqual({ replayed: 1, skipped: 0 })
      const eventId = `inbound:shop:${target?.eventId}`
      await waitFor(() => calls.events.filter((e) => e.eventId === eventId).length === 2)
    } finally {
      await calls.stop()
    }
  })

  it('counts webhooks by provider and verdict', async () => {
    const text = await (await fetch(`${ingest.url}/metrics`)).text()
    expect(text).toMatch(/webhooks_total\{[^}]*provider="zadarma"[^}]*verdict="ip_denied"[^}]*\} 2/)
    expect(text).toMatch(/webhooks_total\{[^}]*provider="inbound"[^}]*verdict="rate_limited"/)
    expect(text).toContain('webhook_ack_seconds_bucket')
    expect(text).toContain('outbox_depth')
  })
})

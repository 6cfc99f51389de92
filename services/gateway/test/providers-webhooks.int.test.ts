/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- assertions read answers as untyped JSON */
import { randomBytes, randomUUID } from 'node:crypto'
import { callReceivedV1 } from '@leadflow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { standardWebhooksSignature } from '../../webhook-ingest/src/domain/standard-webhooks-signature.js'
import {
  collectEvents,
  freshDatabase,
  internalToken,
  startIngest,
  waitFor,
  type Ingest,
} from '../../webhook-ingest/test/ingest-harness.js'
import { client, login, startGateway, type Gateway } from './gateway-harness.js'
import { expectProblem, signedInUser, type SignedIn } from './settings-users.js'

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`

describe('webhook providers and received webhooks through the gateway and webhook-ingest', () => {
  let gw: Gateway
  let ingest: Ingest
  let admin: string
  let head: SignedIn
  let readonly: SignedIn
  const source = `shop-${randomUUID().slice(0, 8)}`
  const call = () => client(gw.url)

  /** A Standard Webhooks delivery to the running webhook-ingest, signed with `secret`. */
  async function deliver(secret: string, body: object, id = `msg_${randomUUID()}`) {
    const raw = JSON.stringify(body)
    const timestamp = String(Math.floor(Date.now() / 1000))
    const res = await fetch(`${ingest.url}/webhooks/inbound/${source}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': timestamp,
        'webhook-signature': standardWebhooksSignature(secret, id, timestamp, Buffer.from(raw)),
      },
      body: raw,
    })
    return { status: res.status, id, raw }
  }

  beforeAll(async () => {
    ingest = await startIngest(await freshDatabase())
    gw = await startGateway({ WEBHOOK_INGEST_URL: ingest.url, INTERNAL_API_TOKEN: internalToken })
    admin = `Bearer ${(await login(call(), gw.adminEmail)).accessToken}`
    head = await signedInUser(gw.url, admin, 'head')
    readonly = await signedInUser(gw.url, admin, 'readonly')
  }, 120_000)
  afterAll(async () => {
    await gw?.stop()
    await ingest?.stop()
  })

  it('a secret rotated through the gateway is used at once; the old one is refused; secrets never come back', async () => {
    const first = newSecret()
    const created = await call()('PUT', `/api/v1/providers/inbound/${source}`, {
      auth: admin,
      body: { enabled: true, secret: first, rateLimitPerMinute: 1000 },
    })
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({
      provider: `inbound:${source}`,
      kind: 'inbound',
      source,
      enabled: true,
      hasSecret: true,
      secretCount: 1,
    })
    expect(created.body).not.toHaveProperty('secret')
    expect((await deliver(first, { type: 'ping', data: {} })).status).toBe(200)

    const second = newSecret()
    const rotated = await call()('PUT', `/api/v1/providers/inbound/${source}`, {
      auth: admin,
      body: { enabled: true, secret: second },
    })
    expect(rotated.status).toBe(200)
    expect((await deliver(second, { type: 'ping', data: {} })).status).toBe(200)
    expect((await deliver(first, { type: 'ping', data: {} })).status).toBe(401)

    // A rotation window: both listed secrets verify until the next PUT.
    const third = newSecret()
    const window = await call()('PUT', `/api/v1/providers/inbound/${source}`, {
      auth: admin,
      body: { enabled: true, secrets: [third, second] },
    })
    expect(window.body.secretCount).toBe(2)
    expect((await deliver(third, { type: 'ping', data: {} })).status).toBe(200)
    expect((await deliver(second, { type: 'ping', data: {} })).status).toBe(200)
    expect((await deliver(first, { type: 'ping', data: {} })).status).toBe(401)

    const read = await call()('GET', `/api/v1/providers/inbound/${source}`, { auth: admin })
    const list = await call()('GET', '/api/v1/providers', { auth: admin })
    const audit = await call()('GET', `/api/v1/audit-log?targetId=inbound:${source}`, { auth: admin })
    expect(audit.body.data).toHaveLength(3)
    expect(audit.body.data[0]).toMatchObject({ action: 'provider.update', after: { secretsChanged: true } })
    for (const answer of [created, rotated, window, read, list, audit]) {
      const text = JSON.stringify(answer.body)
      for (const secret of [first, second, third]) {
        expect(text).not.toContain(secret)
        expect(text).not.toContain(secret.slice(-4))
      }
    }
    expect(list.body.data.map((p: { provider: string }) => p.provider)).toContain(`inbound:${source}`)
  })

  it('fixed providers: validation errors are 400 problems; disabling takes effect at once', async () => {
    const badIp = await call()('PUT', '/api/v1/providers/zadarma', {
      auth: admin,
      body: { enabled: true, secret: 'zadarma-secret-123', allowedIps: ['not-an-ip'] },
    })
    expectProblem(badIp, 400, 'validation_failed')
    expect(badIp.body.errors[0].field).toContain('allowedIps')
    expectProblem(
      await call()('PUT', '/api/v1/providers/zadarma', { auth: admin, body: { secret: 'short' } }),
      400,
      'validation_failed',
    )
    expectProblem(await call()('GET', '/api/v1/providers/skype', { auth: admin }), 400, 'validation_failed')
    expectProblem(await call()('GET', '/api/v1/providers/stripe', { auth: admin }), 404)

    const zadarma = await call()('PUT', '/api/v1/providers/zadarma', {
      auth: admin,
      body: { enabled: true, secret: 'zadarma-secret-123', allowedIps: ['185.45.152.42', '10.0.0.0/8'] },
    })
    expect(zadarma.status).toBe(200)
    expect(zadarma.body).toMatchObject({ kind: 'zadarma', allowedIps: ['185.45.152.42', '10.0.0.0/8'] })

    expect(
      (await call()('PUT', `/api/v1/providers/inbound/${source}`, { auth: admin, body: { enabled: false } }))
        .status,
    ).toBe(200)
    expect((await deliver(newSecret(), { type: 'ping', data: {} })).status).toBe(404)
  })

  it('only administrators manage providers and webhook events', async () => {
    for (const who of [head, readonly]) {
      expectProblem(await call()('GET', '/api/v1/providers', { auth: who.auth }), 403, 'insufficient_role')
      expectProblem(
        await call()('PUT', '/api/v1/providers/stripe', {
          auth: who.auth,
          body: { enabled: true, secret: 'whsec_attacker_secret' },
        }),
        403,
      )
      expectProblem(await call()('GET', '/api/v1/webhook-events', { auth: who.auth }), 403)
      expectProblem(await call()('GET', `/api/v1/webhook-events/${randomUUID()}`, { auth: who.auth }), 403)
      expectProblem(
        await call()('POST', `/api/v1/webhook-events/${randomUUID()}/replay`, { auth: who.auth }),
        403,
      )
    }
    expectProblem(await call()('GET', '/api/v1/providers/stripe'), 401)
  })

  it('an admin lists, inspects and replays received webhooks', async () => {
    const secret = newSecret()
    await call()('PUT', `/api/v1/providers/inbound/${source}`, {
      auth: admin,
      body: { enabled: true, secret },
    })
    const events = await collectEvents(ingest.connections.kafka, callReceivedV1, (id) => id.includes(source))
    try {
      const sent = await deliver(secret, { type: 'call.received', data: { caller: '+49 30 1234567' } })
      expect(sent.status).toBe(200)
      const list = await call()('GET', `/api/v1/webhook-events?provider=inbound:${source}&status=accepted`, {
        auth: admin,
      })
      expect(list.status).toBe(200)
      const listed = list.body.data.find((e: { eventId: string }) => e.eventId === sent.id)
      expect(listed).toMatchObject({ provider: `inbound:${source}`, status: 'accepted', replayCount: 0 })
      expect(listed).not.toHaveProperty('rawBody')

      const detail = await call()('GET', `/api/v1/webhook-events/${listed.id}`, { auth: admin })
      expect(detail.status).toBe(200)
      expect(detail.body.rawBody).toBe(sent.raw)
      expect(detail.body.headers['webhook-id']).toBe(sent.id)
      expect(detail.body.headers).not.toHaveProperty('webhook-signature')
      expect(JSON.stringify(detail.body)).not.toContain(secret)

      const replay = await call()('POST', `/api/v1/webhook-events/${listed.id}/replay`, { auth: admin })
      expect(replay.body).toEqual({ replayed: 1, skipped: 0 })
      await waitFor(() => events.events.filter((e) => e.eventId.endsWith(sent.id)).length === 2, 30_000)
      const again = await call()('GET', `/api/v1/webhook-events/${listed.id}`, { auth: admin })
      expect(again.body.replayCount).toBe(1)

      const bulk = await call()('POST', '/api/v1/webhook-events/replay', {
        auth: admin,
        body: { provider: `inbound:${source}`, from: new Date(Date.now() - 600_000).toISOString() },
      })
      expect(bulk.status).toBe(200)
      expect(bulk.body.replayed).toBeGreaterThanOrEqual(1)
      const audit = await call()('GET', `/api/v1/audit-log?action=webhook_event.replay`, { auth: admin })
      expect(audit.body.data.length).toBeGreaterThanOrEqual(2)

      expectProblem(
        await call()('GET', `/api/v1/webhook-events?status=lost`, { auth: admin }),
        400,
        'validation_failed',
      )
      expectProblem(
        await call()('POST', `/api/v1/webhook-events/${randomUUID()}/replay`, { auth: admin }),
        404,
      )
      expectProblem(
        await call()('POST', '/api/v1/webhook-events/replay', { auth: admin, body: {} }),
        400,
        'validation_failed',
      )
    } finally {
      await events.stop()
    }
  })
})

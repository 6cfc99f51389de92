import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDatabase, internalToken, putSettings, startIngest, type Ingest } from './ingest-harness.js'
import { inboundRequest, secrets } from './signing.js'

const auth = { authorization: `Bearer ${internalToken}` }

describe('one received webhook as it arrived, through the internal API', () => {
  let ingest: Ingest

  beforeAll(async () => {
    ingest = await startIngest(await freshDatabase())
    expect(
      (await putSettings(ingest.url, 'inbound/detail', { enabled: true, secret: secrets.inbound })).status,
    ).toBe(200)
  })
  afterAll(() => ingest?.stop())

  it('shows the raw body byte for byte and the kept headers, never the signature', async () => {
    const messageId = `msg_${randomUUID()}`
    const init = inboundRequest(messageId, { type: 'call.received', data: { caller: '+49 30 1234567' } })
    const sent = await fetch(`${ingest.url}/webhooks/inbound/detail`, init)
    expect(sent.status).toBe(200)

    const list = (await (
      await fetch(`${ingest.url}/internal/v1/webhook-events?provider=inbound:detail`, { headers: auth })
    ).json()) as { data: { id: string; eventId: string }[] }
    const listed = list.data.find((event) => event.eventId === messageId)
    expect(listed).toBeDefined()

    const res = await fetch(`${ingest.url}/internal/v1/webhook-events/${listed?.id}`, { headers: auth })
    expect(res.status).toBe(200)
    const detail = (await res.json()) as Record<string, unknown>
    expect(detail).toMatchObject({ id: listed?.id, provider: 'inbound:detail', eventId: messageId })
    expect(detail.rawBody).toBe(init.body)
    expect(Buffer.from(detail.rawBodyBase64 as string, 'base64').toString('utf8')).toBe(init.body)
    expect(detail.contentType).toBe('application/json')
    expect(detail.headers).toMatchObject({ 'webhook-id': messageId })
    expect(detail.headers).not.toHaveProperty('webhook-signature')
    expect(JSON.stringify(detail)).not.toContain(init.headers['webhook-signature'])
    expect(detail).not.toHaveProperty('emittedValue')
  })

  it('answers 404 for an unknown event and 401 without the service token', async () => {
    const unknown = await fetch(`${ingest.url}/internal/v1/webhook-events/${randomUUID()}`, { headers: auth })
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('content-type')).toContain('application/problem+json')
    expect((await fetch(`${ingest.url}/internal/v1/webhook-events/${randomUUID()}`)).status).toBe(401)
  })
})

import { randomUUID } from 'node:crypto'
import { callReceivedV1 } from '@leadflow/contracts'
import { createRedis } from '@leadflow/db'
import { createKafka } from '@leadflow/kafka'
import { createConnections } from '@leadflow/service'
import { createLogger } from '@leadflow/telemetry'
import { beforeAll, describe, expect, it } from 'vitest'
import { collectEvents, freshDatabase, putSettings, startIngest, waitFor } from './ingest-harness.js'
import { inboundRequest, secrets } from './signing.js'

const run = randomUUID().slice(0, 8)
const quiet = createLogger({ service: 'webhook-ingest', level: 'silent' })
const call = (n: string) =>
  inboundRequest(`msg_${run}_${n}`, { type: 'call.received', data: { caller: '+49 30 1234567' } })

describe('durability when a dependency is down', () => {
  let databaseUrl: string
  beforeAll(async () => {
    databaseUrl = await freshDatabase()
  })

  it('with Kafka unreachable, acknowledges into the outbox and delivers once Kafka is back', async () => {
    const down = await startIngest(databaseUrl, {}, (config) => ({
      kafka: createKafka({
        clientId: 'webhook-ingest',
        brokers: ['127.0.0.1:1'],
        logger: quiet,
        retry: { retries: 0, initialRetryTime: 50 },
      }),
      redis: createRedis({ url: config.REDIS_URL, connectionName: 'webhook-ingest' }),
    }))
    try {
      await putSettings(down.url, 'inbound/shop', { enabled: true, secret: secrets.inbound })
      const res = await fetch(`${down.url}/webhooks/inbound/shop`, call('offline'))
      expect(await res.json()).toEqual({ status: 'accepted' })
      expect(await down.app.relay.depth()).toBe(1)
    } finally {
      await down.stop()
    }
    // Listen first: the revived service publishes the pending row as soon as it starts.
    const kafka = createKafka({ clientId: 'webhook-ingest-test', brokers: ['127.0.0.1:9092'], logger: quiet })
    const calls = await collectEvents(kafka, callReceivedV1, (id) => id.includes(run))
    const up = await startIngest(databaseUrl)
    try {
      const eventId = `inbound:shop:msg_${run}_offline`
      await waitFor(() => calls.events.some((e) => e.eventId === eventId))
      expect(await up.app.relay.depth()).toBe(0)
      expect(calls.events.filter((e) => e.eventId === eventId)).toHaveLength(1)
    } finally {
      await calls.stop()
      await up.stop()
    }
  })

  it('with Redis down, still accepts valid webhooks (rate limits fail open) and still deduplicates', async () => {
    const ingest = await startIngest(databaseUrl, { REDIS_URL: 'redis://127.0.0.1:1' }, (config) =>
      createConnections('webhook-ingest', config, quiet),
    )
    try {
      await putSettings(ingest.url, 'inbound/shop', { enabled: true, secret: secrets.inbound })
      const first = await fetch(`${ingest.url}/webhooks/inbound/shop`, call('no-redis'))
      expect(await first.json()).toEqual({ status: 'accepted' })
      const again = await fetch(`${ingest.url}/webhooks/inbound/shop`, call('no-redis'))
      expect(await again.json()).toEqual({ status: 'duplicate' })
      expect(await (await fetch(`${ingest.url}/metrics`)).text()).toMatch(
        /webhook_redis_failures_total\{[^}]*operation="rate_limit"/,
      )
    } finally {
      await ingest.stop()
    }
  })

  it('with Postgres unreachable, answers 503 with Retry-After so the provider retries', async () => {
    const ingest = await startIngest(databaseUrl.replace(':5432/', ':1/'))
    try {
      const res = await fetch(`${ingest.url}/webhooks/inbound/shop`, call('no-db'))
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('5')
      expect(res.headers.get('content-type')).toContain('application/problem+json')
    } finally {
      await ingest.stop()
    }
  })
})

import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { createPgPool } from '@leadflow/db'
import { createKafka, ensureTopics } from '@leadflow/kafka'
import { createLogger } from '@leadflow/telemetry'
import { rawBodyApp, verifiedBenchWebhook } from './bench-echo.js'
import { baseUrl } from './ingest-harness.js'

interface Pending<T, R> {
  item: T
  resolve(result: R): void
  reject(err: Error): void
}

/**
 * Runs `work` over whatever was queued while the previous run was in flight: one call at a time,
 * each carrying every item that arrived meanwhile (group commit). `work` answers item by item.
 */
function grouped<T, R>(work: (items: T[]) => Promise<R[]>): (item: T) => Promise<R> {
  let queue: Pending<T, R>[] = []
  let running = false
  async function flush(): Promise<void> {
    if (running || queue.length === 0) return
    running = true
    const batch = queue
    queue = []
    try {
      const results = await work(batch.map((p) => p.item))
      batch.forEach((p, i) => p.resolve(results[i] as R))
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err))
      for (const p of batch) p.reject(error)
    } finally {
      running = false
      void flush()
    }
  }
  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject })
      void flush()
    })
}

/**
 * The ingest benchmark's ceilings: the least a durable, deduplicating webhook endpoint can do —
 * the baseline's HMAC check, a Redis `SET NX` per event id, and a Kafka send (idempotent,
 * acks=all) before the answer, sends grouped across concurrent requests. With `record`, each new
 * event id is first inserted into a Postgres table under a unique key (grouped the same way), as
 * deduplication that survives the loss of Redis requires. No settings, rate limit, metrics or
 * logging, and no outbox (a crash between the record and the send would lose the event): not a
 * design to ship, only upper bounds of any design on this machine.
 */
export async function startCeiling(
  options: { record?: boolean } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')
  const logger = createLogger({ service: 'bench', level: 'warn' })
  const kafka = createKafka({ clientId: 'bench-ceiling', brokers, logger })
  const topic = `bench.ingest.ceiling.${randomUUID()}`
  await ensureTopics(kafka, [{ topic, partitions: 6 }])
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 })
  await producer.connect()
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { enableAutoPipelining: true })

  const schema = `bench_ceiling_${randomUUID().slice(0, 8)}`
  const pg = options.record ? createPgPool({ databaseUrl: baseUrl, defaultSchema: schema, logger }) : null
  if (pg) {
    await pg.query(`CREATE SCHEMA ${schema}`, [])
    await pg.query(`CREATE TABLE ${schema}.events (event_id text PRIMARY KEY, body bytea NOT NULL)`, [])
  }
  const recordNew = grouped(async (events: { id: string; body: Buffer }[]) => {
    if (!pg) return events.map(() => true)
    const { rows } = await pg.query<{ event_id: string }>(
      `INSERT INTO ${schema}.events (event_id, body) SELECT * FROM unnest($1::text[], $2::bytea[])
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [events.map((e) => e.id), events.map((e) => e.body)],
    )
    const inserted = new Set(rows.map((row) => row.event_id))
    return events.map((e) => inserted.has(e.id))
  })
  const send = grouped(async (events: { id: string; body: Buffer }[]) => {
    await producer.send({ topic, acks: -1, messages: events.map((e) => ({ key: e.id, value: e.body })) })
    return events.map(() => undefined)
  })

  const app = rawBodyApp()
  app.post('/ceiling', async (request, reply) => {
    const webhook = verifiedBenchWebhook(request)
    if (!webhook) return reply.code(401).send({ status: 'bad_signature' })
    const { id, body } = webhook
    const first = await redis.set(`bench:ceiling:${id}`, '1', 'EX', 3600, 'NX')
    if (first === null || !(await recordNew({ id, body }))) return { status: 'duplicate' }
    await send({ id, body })
    return { status: 'accepted' }
  })
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return {
    url,
    async close() {
      await app.close()
      await producer.disconnect()
      redis.disconnect()
      if (pg) {
        await pg.query(`DROP SCHEMA ${schema} CASCADE`, [])
        await pg.end()
      }
      const admin = kafka.admin()
      await admin.connect()
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined)
      await admin.disconnect()
    },
  }
}

import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto'
import { fastify } from 'fastify'
import { Redis } from 'ioredis'
import { createKafka, ensureTopics } from '@leadflow/kafka'
import { createLogger } from '@leadflow/telemetry'
import { secrets } from './signing.js'

interface Pending {
  key: string
  value: Buffer
  done(err?: Error): void
}

/**
 * The ingest benchmark's ceiling: the least a durable, deduplicating webhook endpoint can do — the
 * baseline's HMAC check, a Redis `SET NX` per event id, and a Kafka send (idempotent, acks=all)
 * before the answer, sends grouped across concurrent requests (whatever queued while one send was
 * in flight goes in the next). No settings, no Postgres record, no metrics, no logging: not a
 * design Leadflow could ship (a duplicate after its Redis key is gone passes, nothing lists or
 * replays an event), only the upper bound of any design on this machine.
 */
export async function startCeiling(): Promise<{ url: string; close(): Promise<void> }> {
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')
  const kafka = createKafka({
    clientId: 'bench-ceiling',
    brokers,
    logger: createLogger({ service: 'bench', level: 'warn' }),
  })
  const topic = `bench.ingest.ceiling.${randomUUID()}`
  await ensureTopics(kafka, [{ topic, partitions: 6 }])
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 })
  await producer.connect()
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { enableAutoPipelining: true })
  const key = Buffer.from(secrets.inbound.slice('whsec_'.length), 'base64')

  let queue: Pending[] = []
  let sending = false
  async function flush(): Promise<void> {
    if (sending || queue.length === 0) return
    sending = true
    const batch = queue
    queue = []
    try {
      await producer.send({ topic, acks: -1, messages: batch.map(({ key, value }) => ({ key, value })) })
      for (const item of batch) item.done()
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err))
      for (const item of batch) item.done(error)
    } finally {
      sending = false
      void flush()
    }
  }
  const durable = (key: string, value: Buffer) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ key, value, done: (err) => (err ? reject(err) : resolve()) })
      void flush()
    })

  const app = fastify()
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_r, body, done) => done(null, body))
  app.post('/ceiling', async (request, reply) => {
    const id = String(request.headers['webhook-id'])
    const ts = String(request.headers['webhook-timestamp'])
    const body = request.body as Buffer
    const mac = createHmac('sha256', key).update(`${id}.${ts}.`).update(body).digest()
    const given = Buffer.from(String(request.headers['webhook-signature']).slice(3), 'base64')
    if (given.length !== mac.length || !timingSafeEqual(given, mac))
      return reply.code(401).send({ status: 'bad_signature' })
    const first = await redis.set(`bench:ceiling:${id}`, '1', 'EX', 3600, 'NX')
    if (first === null) return { status: 'duplicate' }
    await durable(id, body)
    return { status: 'accepted' }
  })
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return {
    url,
    async close() {
      await app.close()
      await producer.disconnect()
      redis.disconnect()
      const admin = kafka.admin()
      await admin.connect()
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined)
      await admin.disconnect()
    },
  }
}

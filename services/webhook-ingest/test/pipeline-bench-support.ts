import { callReceivedV1, leadCreatedV1 } from '@leadflow/contracts'
import { createConsumer, createKafka, ensureTopics, on, type Kafka } from '@leadflow/kafka'
import { createLogger } from '@leadflow/telemetry'
import pg from 'pg'
import { topicPlan } from '../../../tools/src/topic-plan.js'
import { standardWebhooksSignature } from '../src/domain/standard-webhooks-signature.js'
import { rawBodyApp, verifiedBenchWebhook } from './bench-echo.js'
import { secrets } from './signing.js'

// What the webhook→lead benchmark (bench/webhook-to-lead) and the RSS benchmark (bench/rss) need
// from Leadflow's packages: their own copy of every topic, the bare pipeline baseline, watchers.

const quiet = createLogger({ service: 'bench', level: 'silent' })

export const benchKafka = (brokers: readonly string[]): Kafka =>
  createKafka({ clientId: 'leadflow-bench', brokers: [...brokers], logger: quiet })

/**
 * Creates `<prefix><topic>` for every topic Leadflow uses, configured as the real ones, and
 * `<prefix><name>` for each of `extra` (configured as CallReceived's topic).
 */
export async function createPrefixedTopics(
  kafka: Kafka,
  prefix: string,
  extra: string[] = [],
): Promise<string[]> {
  const admin = kafka.admin()
  await admin.connect()
  const { brokers } = await admin.describeCluster().finally(() => admin.disconnect())
  const plan = topicPlan({ partitions: 3, brokers: brokers.length }).filter((t) => !t.topic.endsWith('.dlq'))
  const like = plan.find((t) => t.topic === callReceivedV1.topic) ?? plan[0]
  const extras = like ? extra.map((topic) => ({ ...like, topic })) : []
  const topics = [...plan, ...extras].map((spec) => ({ ...spec, topic: `${prefix}${spec.topic}` }))
  await ensureTopics(kafka, topics)
  return topics.map((t) => t.topic)
}

/** Deletes topics and consumer groups a run created (what is already gone is ignored). */
export async function removeTopicsAndGroups(kafka: Kafka, topics: string[], groups: string[]): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    await admin.deleteGroups(groups).catch(() => undefined)
    await admin.deleteTopics({ topics }).catch(() => undefined)
  } finally {
    await admin.disconnect()
  }
}

/** A Standard Webhooks `call.received` from `phone`, signed with the bench source's secret. */
export function signedCall(id: string, phone: string, path = '/webhooks/inbound/bench') {
  const body = JSON.stringify({ type: 'call.received', data: { caller: phone } })
  const timestamp = String(Math.floor(Date.now() / 1000))
  return {
    path,
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': '10.255.0.2',
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': standardWebhooksSignature(secrets.inbound, id, timestamp, Buffer.from(body)),
    },
    body,
  }
}

/** Provider settings of the bench's Standard Webhooks source (PUT /internal/v1/providers/inbound/bench). */
export const benchSourceSettings = {
  enabled: true,
  secret: secrets.inbound,
  rateLimitPerMinute: 1_000_000,
  trustedProxies: ['127.0.0.1'],
}

/**
 * The bare pipeline: Fastify verifies the same HMAC over the raw body and produces the webhook
 * to `topic` (one request per webhook, acks=all), answering once Kafka has it. A pg client is
 * connected too, so the process holds the libraries every service loads (the RSS baseline).
 */
export async function startBarePipeline(options: {
  brokers: readonly string[]
  topic: string
  databaseUrl: string
}) {
  const db = new pg.Client({ connectionString: options.databaseUrl })
  await db.connect()
  await db.query('SELECT 1')
  const kafka = benchKafka(options.brokers)
  // acks=all on every send; not idempotent, so concurrent requests are not serialised per partition.
  const producer = kafka.producer({ allowAutoTopicCreation: false })
  await producer.connect()
  const app = rawBodyApp()
  app.post('/webhooks/inbound/bench', async (request, reply) => {
    const webhook = verifiedBenchWebhook(request)
    if (!webhook) return reply.code(401).send({})
    const { id, body } = webhook
    await producer.send({ topic: options.topic, acks: -1, messages: [{ key: id, value: body }] })
    return reply.send({ status: 'accepted' })
  })
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return {
    url,
    async close() {
      await app.close()
      await producer.disconnect()
      await db.end()
    },
  }
}

/** A bare kafkajs consumer reading `topic` from its start; `seen` gets each message's key. */
export async function watchKeys(kafka: Kafka, topic: string, groupId: string, seen: (key: string) => void) {
  const consumer = kafka.consumer({ groupId })
  await consumer.connect()
  await consumer.subscribe({ topics: [topic], fromBeginning: true })
  await consumer.run({ eachMessage: ({ message }) => Promise.resolve(seen(String(message.key))) })
  return () => consumer.disconnect()
}

/** Reads lead-router's LeadCreated from `topic` (its start); `seen` gets each lead's phone. */
export async function watchLeadsCreated(
  kafka: Kafka,
  topic: string,
  groupId: string,
  seen: (phone: string) => void,
) {
  const consumer = createConsumer(kafka, {
    groupId,
    logger: quiet,
    fromBeginning: true,
    deadLetterTopic: false,
    handlers: [on({ ...leadCreatedV1, topic }, (event) => Promise.resolve(seen(event.phoneE164 ?? '')))],
  })
  await consumer.start()
  return () => consumer.stop()
}

// Waits until the Kafka cluster answers an admin request, then creates every Leadflow topic.
// Run by `./leadflow infra up` and by a deployment's init job. Idempotent.
import { createKafka, ensureTopics, waitForKafka } from '@leadflow/kafka'
import { createLogger } from '@leadflow/telemetry'
import { topicPlan } from './topic-plan.js'

const logger = createLogger({ service: 'kafka-bootstrap', level: 'info' })
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim())
const partitions = Number(process.env.KAFKA_TOPIC_PARTITIONS ?? 3)

const kafka = createKafka({ clientId: 'leadflow-bootstrap', brokers, logger })
try {
  await waitForKafka(kafka, { timeoutMs: 90_000 })
  const admin = kafka.admin()
  await admin.connect()
  const cluster = await admin.describeCluster().finally(() => admin.disconnect())
  const plan = topicPlan({ partitions, brokers: cluster.brokers.length })
  await ensureTopics(kafka, plan, { timeoutMs: 60_000 })
  logger.info(
    { brokers: cluster.brokers.length, topics: plan.map((t) => t.topic) },
    'kafka ready, topics in place',
  )
} catch (err) {
  logger.error({ err }, 'kafka bootstrap failed')
  process.exitCode = 1
}

// Waits for the Kafka cluster to answer an admin request, then creates every Leadflow topic.
// Run by `./leadflow infra up` and the deployment's init job. Idempotent.
import { createKafka, ensureTopics, waitForKafka } from '@leadflow/kafka'
import { createLogger } from '@leadflow/telemetry'
import { topicPlan } from './topic-plan.js'

const logger = createLogger({ service: 'kafka-bootstrap', level: process.env.LOG_LEVEL ?? 'info' })
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim())
const partitions = Number(process.env.KAFKA_TOPIC_PARTITIONS ?? 3)

const kafka = createKafka({ clientId: 'leadflow-bootstrap', brokers, logger })
try {
  const cluster = await waitForKafka(kafka, { timeoutMs: 90_000 })
  const replicationFactor = Math.min(3, cluster.brokers.length)
  const plan = topicPlan({ partitions, replicationFactor })
  await ensureTopics(kafka, plan)
  logger.info({ brokers: cluster.brokers.length, topics: plan.map((t) => t.topic) }, 'kafka ready, topics in place')
} catch (err) {
  logger.error({ err }, 'kafka bootstrap failed')
  process.exitCode = 1
}

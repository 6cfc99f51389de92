import { Counter, Gauge, Histogram } from 'prom-client'
import type { Registry } from 'prom-client'

export type MessageOutcome = 'ok' | 'retried' | 'dead_lettered'

/** What a consumer reports; a no-op when no registry was given. */
export interface ConsumerMetrics {
  /** `ok` and `dead_lettered` once per message; `retried` once per failed attempt that is retried. */
  count(topic: string, outcome: MessageOutcome): void
  handlerSeconds(topic: string, seconds: number): void
  lag(topic: string, partition: number, messages: number): void
  /** A batch handler failed and its messages were handled one at a time instead. */
  batchFallback(topic: string): void
}

export const consumerMetricNames = {
  messages: 'kafka_consumer_messages_total',
  duration: 'kafka_consumer_handler_duration_seconds',
  lag: 'kafka_consumer_lag',
  batchFallbacks: 'kafka_consumer_batch_fallbacks_total',
} as const

const noop: ConsumerMetrics = { count() {}, handlerSeconds() {}, lag() {}, batchFallback() {} }

export function createConsumerMetrics(registry: Registry | undefined, groupId: string): ConsumerMetrics {
  if (!registry) return noop
  const messages = reuse(
    registry,
    consumerMetricNames.messages,
    () =>
      new Counter({
        name: consumerMetricNames.messages,
        help: 'Kafka messages handled by consumer group, topic and outcome (ok, retried, dead_lettered)',
        labelNames: ['group', 'topic', 'outcome'],
        registers: [registry],
      }),
  )
  const duration = reuse(
    registry,
    consumerMetricNames.duration,
    () =>
      new Histogram({
        name: consumerMetricNames.duration,
        help: 'Time spent in one Kafka message handler attempt',
        labelNames: ['group', 'topic'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers: [registry],
      }),
  )
  const lag = reuse(
    registry,
    consumerMetricNames.lag,
    () =>
      new Gauge({
        name: consumerMetricNames.lag,
        help: 'Messages between the last handled offset and the partition high watermark',
        labelNames: ['group', 'topic', 'partition'],
        registers: [registry],
      }),
  )
  const fallbacks = reuse(
    registry,
    consumerMetricNames.batchFallbacks,
    () =>
      new Counter({
        name: consumerMetricNames.batchFallbacks,
        help: 'Batches whose handler failed, so that their messages were handled one at a time',
        labelNames: ['group', 'topic'],
        registers: [registry],
      }),
  )
  return {
    count: (topic, outcome) => messages.inc({ group: groupId, topic, outcome }),
    handlerSeconds: (topic, seconds) => duration.observe({ group: groupId, topic }, seconds),
    lag: (topic, partition, value) => lag.set({ group: groupId, topic, partition: String(partition) }, value),
    batchFallback: (topic) => fallbacks.inc({ group: groupId, topic }),
  }
}

/** Several consumers may share one registry: the metric is registered once and reused. */
function reuse<M>(registry: Registry, name: string, create: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create()
}

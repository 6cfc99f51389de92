export { createKafka, defaultClientRetry } from './kafka-client.js'
export type { Kafka, KafkaLogLevel, KafkaOptions } from './kafka-client.js'
export type { KafkaLogger } from './kafka-logger.js'
export { ensureTopics, kafkaReadiness, startGroupAt, waitForKafka } from './topic-admin.js'
export type { ReadinessCheck, TopicSpec } from './topic-admin.js'
export { createProducer } from './event-producer.js'
export type { EventProducer, ProducerOptions, SendOptions, SendResult } from './event-producer.js'
export { on } from './subscription.js'
export type { EventHandler, MessageContext, Subscription } from './subscription.js'
export { onBatch } from './batch-subscription.js'
export type {
  BatchContext,
  BatchHandler,
  BatchItem,
  BatchOptions,
  BatchSubscription,
} from './batch-subscription.js'
export { createConsumer } from './event-consumer.js'
export type { ConsumerOptions, EventConsumer } from './event-consumer.js'
export { consumerMetricNames } from './consumer-metrics.js'
export type { MessageOutcome } from './consumer-metrics.js'
export { NonRetryableError, PoisonMessageError, isNonRetryable } from './kafka-errors.js'
export { DeadLetterHeader, dlqTopicFor, parseDeadLetter } from './dead-letter.js'
export type { DeadLetter, DeadLetterFailure } from './dead-letter.js'
export { replayDeadLetters, replayGroupFor } from './dead-letter-replay.js'
export type { ReplayOptions, ReplayResult } from './dead-letter-replay.js'
export { EventHeader } from './event-headers.js'
export { Failpoints, armFailpoints, failpoint } from './failpoint.js'
export { parseTraceparent } from './trace-context.js'
export type { Traceparent } from './trace-context.js'
export { defaultRetryPolicy } from './retry-backoff.js'
export type { RetryPolicy } from './retry-backoff.js'
export { encodeEvent } from './event-encoder.js'
export type { EncodedEvent, EncodeOptions } from './event-encoder.js'

import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import type { Contract } from '@leadflow/contracts'
import { CompressionTypes, Partitioners } from 'kafkajs'
import type { Kafka, Message, RecordMetadata } from 'kafkajs'
import { encodeEvent } from './event-encoder.js'
import type { EncodedEvent, EncodeOptions } from './event-encoder.js'
import type { KafkaLogger } from './kafka-logger.js'
import { createPartitionSplitter } from './partition-split.js'
import { retryWhileTransient } from './transient-retry.js'

export type SendOptions = EncodeOptions

/** Where the broker stored a send (the first offset of the request on that partition). */
export interface SendResult {
  readonly topic: string
  readonly partition: number
  readonly offset: string
}

export interface EventProducer {
  /** Publishes one event; resolves once all in-sync replicas have it (acks=all). */
  send<T>(contract: Contract<T>, event: T, options?: SendOptions): Promise<SendResult>
  /** Publishes many events of one contract, one produce request per partition (acks=all). */
  sendBatch<T>(contract: Contract<T>, events: readonly T[], options?: SendOptions): Promise<SendResult[]>
  /**
   * Publishes already-encoded events (e.g. from an outbox), possibly of several topics, one
   * produce request per partition, side by side (acks=all). Records of one key keep their order.
   */
  sendEncoded(records: readonly EncodedEvent[]): Promise<void>
  disconnect(): Promise<void>
}

export interface ProducerOptions {
  /** Compression of produce requests (default none: Avro values are small). */
  readonly compression?: 'none' | 'gzip'
  /** How long connecting keeps retrying an unreachable cluster before it fails (default 90 s). */
  readonly connectDeadlineMs?: number
  /** Where connection retries are reported. */
  readonly logger?: KafkaLogger
}

const tracer = trace.getTracer('@leadflow/kafka')

/**
 * A connected, idempotent producer of contract events: Avro binary values, the aggregate id
 * as key, the standard event headers, acks=all, and no topic auto-creation.
 */
export async function createProducer(kafka: Kafka, options: ProducerOptions = {}): Promise<EventProducer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 5,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  })
  await retryWhileTransient(() => producer.connect(), {
    deadlineMs: options.connectDeadlineMs ?? 90_000,
    async onRetry(err, attempt, retryInMs) {
      options.logger?.warn({ err, attempt, retryInMs }, 'producer could not connect yet, retrying')
      await producer.disconnect().catch(() => undefined)
    },
  })
  const splitter = createPartitionSplitter(kafka)
  const compression = options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None
  function toMessage({ key, value, headers }: EncodedEvent): Message {
    return { key, value, headers }
  }

  /** One `send` per partition (see partition-split.ts for why), all in flight together. */
  async function sendPerPartition(topic: string, messages: readonly Message[]): Promise<RecordMetadata[]> {
    const groups = await splitter.split(topic, messages)
    const sent = await Promise.all(
      [...groups.values()].map((group) => producer.send({ topic, acks: -1, compression, messages: group })),
    )
    return sent.flat()
  }

  async function publish<T>(
    contract: Contract<T>,
    events: readonly T[],
    options: SendOptions | undefined,
  ): Promise<SendResult[]> {
    return tracer.startActiveSpan(
      `send ${contract.topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.destination.name': contract.topic,
          'messaging.batch.message_count': events.length,
        },
      },
      async (span) => {
        try {
          const messages = events.map((event) => toMessage(encodeEvent(contract, event, options)))
          const metadata = await sendPerPartition(contract.topic, messages)
          return metadata.map(toResult)
        } catch (err) {
          span.recordException(err instanceof Error ? err : String(err))
          span.setStatus({ code: SpanStatusCode.ERROR })
          throw err
        } finally {
          span.end()
        }
      },
    )
  }

  return {
    async send(contract, event, options) {
      const [result] = await publish(contract, [event], options)
      if (!result) throw new Error(`broker returned no metadata for ${contract.topic}`)
      return result
    },
    async sendBatch(contract, events, options) {
      if (events.length === 0) return []
      return publish(contract, events, options)
    },
    async sendEncoded(records) {
      if (records.length === 0) return
      const byTopic = new Map<string, Message[]>()
      for (const record of records) {
        const messages = byTopic.get(record.topic) ?? []
        messages.push(toMessage(record))
        byTopic.set(record.topic, messages)
      }
      await Promise.all([...byTopic].map(([topic, messages]) => sendPerPartition(topic, messages)))
    },
    async disconnect() {
      await Promise.all([producer.disconnect(), splitter.disconnect()])
    },
  }
}

function toResult(metadata: RecordMetadata): SendResult {
  return { topic: metadata.topicName, partition: metadata.partition, offset: metadata.baseOffset ?? '-1' }
}

import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import type { Batch, KafkaMessage, Producer } from 'kafkajs'
import type { ConsumerMetrics } from './consumer-metrics.js'
import { buildDeadLetter } from './dead-letter.js'
import { delay } from './deadline.js'
import { EventHeader, readHeaders } from './event-headers.js'
import { describeError, isNonRetryable } from './kafka-errors.js'
import type { KafkaLogger } from './kafka-logger.js'
import { backoffDelay } from './retry-backoff.js'
import type { RetryPolicy } from './retry-backoff.js'
import type { MessageContext, Subscription } from './subscription.js'
import { extractTraceContext, parseTraceparent } from './trace-context.js'

export type Outcome = 'ok' | 'dead_lettered' | 'abandoned'

export interface ProcessorDeps {
  readonly groupId: string
  readonly log: KafkaLogger
  readonly metrics: ConsumerMetrics
  readonly policy: RetryPolicy
  readonly dlqTopic: string
  readonly dlqProducer: Producer
  readonly heartbeatIntervalMs: number
  /** Aborted when the consumer is stopping. */
  readonly stopping: AbortSignal
}

/** A message read off a batch: its headers, logger and handler context for one attempt. */
export interface ReadMessage {
  readonly message: KafkaMessage
  readonly headers: Record<string, string>
  readonly log: KafkaLogger
  context(attempt: number): MessageContext
}

const tracer = trace.getTracer('@leadflow/kafka')

/** Decoding, handler attempts with retries and backoff, and dead-lettering, shared by both consumer paths. */
export function createMessageProcessor(deps: ProcessorDeps) {
  const { groupId, log, metrics, policy, stopping } = deps

  function read(batch: Batch, message: KafkaMessage, heartbeat: () => Promise<void>): ReadMessage {
    const headers = readHeaders(message.headers)
    const eventId = headers[EventHeader.eventId] ?? ''
    const traceId = parseTraceparent(headers[EventHeader.traceparent])?.traceId
    const msgLog = log.child({
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
      eventId,
      ...(traceId ? { traceId } : {}),
    })
    const key = message.key ? message.key.toString('utf8') : null
    return {
      message,
      headers,
      log: msgLog,
      context: (attempt) => ({
        log: msgLog,
        eventId,
        headers,
        key,
        topic: batch.topic,
        partition: batch.partition,
        offset: message.offset,
        attempt,
        heartbeat,
        signal: stopping,
      }),
    }
  }

  async function deadLetter(batch: Batch, read: ReadMessage, err: unknown, attempts: number): Promise<void> {
    const { name, message: errorMessage } = describeError(err)
    const { message, headers } = read
    const record = buildDeadLetter(
      { key: message.key, value: message.value, headers },
      {
        topic: batch.topic,
        partition: batch.partition,
        offset: message.offset,
        groupId,
        errorName: name,
        errorMessage,
        attempts,
        failedAt: new Date(),
      },
    )
    await deps.dlqProducer.send({ topic: deps.dlqTopic, acks: -1, messages: [record] })
    metrics.count(batch.topic, 'dead_lettered')
    read.log.error({ err, attempts, dlqTopic: deps.dlqTopic }, 'message dead-lettered')
  }

  /** Runs `work` in a consumer span, heartbeating meanwhile; never throws. */
  async function traced(
    name: string,
    attributes: Record<string, string | number>,
    headers: Readonly<Record<string, string>>,
    heartbeat: () => Promise<void>,
    work: () => Promise<void>,
  ): Promise<{ ok: true } | { ok: false; error: unknown }> {
    // Keep the member alive while the handler works, even if it never calls heartbeat().
    const beat = setInterval(() => void heartbeat().catch(() => undefined), deps.heartbeatIntervalMs)
    const startedAt = performance.now()
    try {
      return await tracer.startActiveSpan(
        name,
        { kind: SpanKind.CONSUMER, attributes: { ...attributes, 'messaging.consumer.group.name': groupId } },
        extractTraceContext(headers),
        async (span) => {
          try {
            await work()
            return { ok: true as const }
          } catch (error) {
            span.recordException(error instanceof Error ? error : String(error))
            span.setStatus({ code: SpanStatusCode.ERROR })
            return { ok: false as const, error }
          } finally {
            span.end()
          }
        },
      )
    } finally {
      clearInterval(beat)
      metrics.handlerSeconds(
        String(attributes['messaging.destination.name']),
        (performance.now() - startedAt) / 1_000,
      )
    }
  }

  /** Waits `ms` while heartbeating; false when the wait was cut short (stopping or rebalancing). */
  async function waitAlive(ms: number, heartbeat: () => Promise<void>): Promise<boolean> {
    const until = Date.now() + ms
    while (Date.now() < until) {
      await delay(Math.min(1_000, until - Date.now()), stopping)
      if (stopping.aborted) return false
      try {
        await heartbeat()
      } catch {
        return false
      }
    }
    return true
  }

  /** One message through its handler: retried with backoff, dead-lettered when it cannot succeed. */
  async function processMessage(
    subscription: Subscription,
    batch: Batch,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<Outcome> {
    const msg = read(batch, message, heartbeat)
    let event: unknown
    try {
      event = subscription.reader.read(message.value, msg.headers[EventHeader.schemaFingerprint])
    } catch (err) {
      await deadLetter(batch, msg, err, 0)
      return 'dead_lettered'
    }

    for (let attempt = 1; ; attempt++) {
      const ctx = msg.context(attempt)
      const attributes = {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': ctx.topic,
        'messaging.destination.partition.id': String(ctx.partition),
        'messaging.kafka.offset': Number(ctx.offset),
        'messaging.message.id': ctx.eventId,
      }
      const result = await traced(`process ${ctx.topic}`, attributes, msg.headers, heartbeat, () =>
        subscription.handle(event, ctx),
      )
      if (result.ok) {
        metrics.count(batch.topic, 'ok')
        return 'ok'
      }
      const err = result.error
      if (stopping.aborted) {
        msg.log.warn({ err, attempt }, 'handler failed while stopping; message left for redelivery')
        return 'abandoned'
      }
      if (isNonRetryable(err) || attempt >= policy.attempts) {
        await deadLetter(batch, msg, err, attempt)
        return 'dead_lettered'
      }
      metrics.count(batch.topic, 'retried')
      const waitMs = backoffDelay(policy, attempt)
      msg.log.warn({ err, attempt, retryInMs: waitMs }, 'handler failed; retrying')
      if (!(await waitAlive(waitMs, heartbeat))) return 'abandoned'
    }
  }

  return { read, deadLetter, traced, processMessage }
}

export type MessageProcessor = ReturnType<typeof createMessageProcessor>

import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import { Partitioners } from 'kafkajs'
import type { Batch, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs'
import type { Registry } from 'prom-client'
import { createConsumerMetrics } from './consumer-metrics.js'
import { buildDeadLetter, dlqTopicFor } from './dead-letter.js'
import { delay } from './deadline.js'
import { EventHeader, readHeaders } from './event-headers.js'
import { describeError, isNonRetryable } from './kafka-errors.js'
import type { KafkaLogger } from './kafka-logger.js'
import { backoffDelay, defaultRetryPolicy, validateRetryPolicy } from './retry-backoff.js'
import type { RetryPolicy } from './retry-backoff.js'
import type { MessageContext, Subscription } from './subscription.js'
import { ensureTopics } from './topic-admin.js'
import type { TopicSpec } from './topic-admin.js'
import { extractTraceContext, parseTraceparent } from './trace-context.js'

export interface ConsumerOptions {
  readonly groupId: string
  /** One subscription per topic, made with `on(contract, handler)`. */
  readonly handlers: readonly Subscription[]
  readonly logger: KafkaLogger
  /** When given, handler outcomes, durations and lag are reported on it. */
  readonly registry?: Registry
  /** Handler retries before dead-lettering (default 5 attempts, 200 ms doubling to 10 s). */
  readonly retry?: Partial<RetryPolicy>
  /** Where a group with no committed offset starts: the earliest message (true) or new ones (default). */
  readonly fromBeginning?: boolean
  /**
   * The dead-letter topic is created on `start()` with these settings (default: broker
   * defaults); `false` when a bootstrap step creates it.
   */
  readonly deadLetterTopic?: Omit<TopicSpec, 'topic'> | false
  /** Resolved offsets are committed at the end of every batch and at least this often (default 5 s). */
  readonly commitIntervalMs?: number
  readonly sessionTimeoutMs?: number
  readonly heartbeatIntervalMs?: number
}

export interface EventConsumer {
  /** Joins the group and starts handling; resolves once the consumer is running. */
  start(): Promise<void>
  /** Stops fetching, lets the in-flight message finish, commits, leaves the group, disconnects. */
  stop(): Promise<void>
  /** The partitions this member currently owns, by topic. */
  assignment(): Readonly<Record<string, readonly number[]>>
}

type Outcome = 'ok' | 'dead_lettered' | 'abandoned'

const tracer = trace.getTracer('@leadflow/kafka')

/**
 * A consumer group member that decodes contract events and hands them to their handlers.
 * Offsets are committed only for messages whose handler finished or that were
 * dead-lettered, in order per partition, so nothing is ever skipped.
 */
export function createConsumer(kafka: Kafka, options: ConsumerOptions): EventConsumer {
  const { groupId } = options
  const subscriptions = indexByTopic(options.handlers)
  const policy = validateRetryPolicy({ ...defaultRetryPolicy, ...options.retry })
  const dlqTopic = dlqTopicFor(groupId)
  const commitIntervalMs = options.commitIntervalMs ?? 5_000
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 3_000
  const log = options.logger.child({ groupId })
  const metrics = createConsumerMetrics(options.registry, groupId)
  const stopping = new AbortController()

  const consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: heartbeatIntervalMs,
    maxWaitTimeInMs: 1_000,
  })
  const dlqProducer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  })

  let assignment: Record<string, number[]> = {}
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    assignment = payload.memberAssignment
    log.debug({ memberId: payload.memberId, assignment }, 'consumer assignment changed')
  })
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    log.error({ err: payload.error, restart: payload.restart }, 'consumer crashed')
  })

  let started: Promise<void> | undefined
  let stopped: Promise<void> | undefined

  async function deadLetter(
    batch: Batch,
    message: KafkaMessage,
    headers: Record<string, string>,
    err: unknown,
    attempts: number,
    msgLog: KafkaLogger,
  ): Promise<void> {
    const { name, message: errorMessage } = describeError(err)
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
    await dlqProducer.send({ topic: dlqTopic, acks: -1, messages: [record] })
    metrics.count(batch.topic, 'dead_lettered')
    msgLog.error({ err, attempts, dlqTopic }, 'message dead-lettered')
  }

  async function attemptHandler(
    subscription: Subscription,
    event: unknown,
    ctx: MessageContext,
  ): Promise<{ ok: true } | { ok: false; error: unknown }> {
    const parent = extractTraceContext(ctx.headers)
    const attributes = {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': ctx.topic,
      'messaging.destination.partition.id': String(ctx.partition),
      'messaging.kafka.offset': Number(ctx.offset),
      'messaging.consumer.group.name': groupId,
      'messaging.message.id': ctx.eventId,
    }
    // Keep the member alive while the handler works, even if it never calls heartbeat().
    const beat = setInterval(() => void ctx.heartbeat().catch(() => undefined), heartbeatIntervalMs)
    const startedAt = performance.now()
    try {
      return await tracer.startActiveSpan(
        `process ${ctx.topic}`,
        { kind: SpanKind.CONSUMER, attributes },
        parent,
        async (span) => {
          try {
            await subscription.handle(event, ctx)
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
      metrics.handlerSeconds(ctx.topic, (performance.now() - startedAt) / 1_000)
    }
  }

  /** Waits `ms` while heartbeating; false when the wait was cut short (stopping or rebalancing). */
  async function waitAlive(ms: number, heartbeat: () => Promise<void>): Promise<boolean> {
    const until = Date.now() + ms
    while (Date.now() < until) {
      await delay(Math.min(1_000, until - Date.now()), stopping.signal)
      if (stopping.signal.aborted) return false
      try {
        await heartbeat()
      } catch {
        return false
      }
    }
    return true
  }

  async function processMessage(
    batch: Batch,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<Outcome> {
    const subscription = subscriptions.get(batch.topic)
    if (!subscription) throw new Error(`no handler for topic ${batch.topic}`)
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

    let event: unknown
    try {
      event = subscription.reader.read(message.value, headers[EventHeader.schemaFingerprint])
    } catch (err) {
      await deadLetter(batch, message, headers, err, 0, msgLog)
      return 'dead_lettered'
    }

    for (let attempt = 1; ; attempt++) {
      const ctx: MessageContext = {
        log: msgLog,
        eventId,
        headers,
        key: message.key ? message.key.toString('utf8') : null,
        topic: batch.topic,
        partition: batch.partition,
        offset: message.offset,
        attempt,
        heartbeat,
        signal: stopping.signal,
      }
      const result = await attemptHandler(subscription, event, ctx)
      if (result.ok) {
        metrics.count(batch.topic, 'ok')
        return 'ok'
      }
      const err = result.error
      if (stopping.signal.aborted) {
        msgLog.warn({ err, attempt }, 'handler failed while stopping; message left for redelivery')
        return 'abandoned'
      }
      if (isNonRetryable(err) || attempt >= policy.attempts) {
        await deadLetter(batch, message, headers, err, attempt, msgLog)
        return 'dead_lettered'
      }
      metrics.count(batch.topic, 'retried')
      const waitMs = backoffDelay(policy, attempt)
      msgLog.warn({ err, attempt, retryInMs: waitMs }, 'handler failed; retrying')
      if (!(await waitAlive(waitMs, heartbeat))) return 'abandoned'
    }
  }

  async function processBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload
    const heartbeat = (): Promise<void> => payload.heartbeat()
    const commit = async (): Promise<void> => {
      const offsets = payload.uncommittedOffsets()
      if (offsets.topics.length > 0) await payload.commitOffsetsIfNecessary(offsets)
    }
    let lastCommit = Date.now()
    try {
      for (const message of batch.messages) {
        if (!payload.isRunning() || payload.isStale() || stopping.signal.aborted) break
        const outcome = await processMessage(batch, message, heartbeat)
        if (outcome === 'abandoned') break
        payload.resolveOffset(message.offset)
        metrics.lag(batch.topic, batch.partition, lagAfter(batch.highWatermark, message.offset))
        if (Date.now() - lastCommit >= commitIntervalMs) {
          await commit()
          lastCommit = Date.now()
        }
        // Surfaces a pending rebalance between messages, so the member rejoins promptly.
        await heartbeat()
      }
    } catch (err) {
      await commit().catch((commitErr: unknown) =>
        log.warn({ err: commitErr }, 'could not commit handled offsets; they will be redelivered'),
      )
      throw err
    }
    await commit()
  }

  async function doStart(): Promise<void> {
    await dlqProducer.connect()
    if (options.deadLetterTopic !== false) {
      await ensureTopics(kafka, [{ ...options.deadLetterTopic, topic: dlqTopic }])
    }
    await consumer.connect()
    await consumer.subscribe({
      topics: [...subscriptions.keys()],
      fromBeginning: options.fromBeginning ?? false,
    })
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: processBatch,
    })
    log.info({ topics: [...subscriptions.keys()], dlqTopic }, 'consumer started')
  }

  async function doStop(): Promise<void> {
    stopping.abort()
    if (started) await started.catch(() => undefined)
    // disconnect() stops fetching, waits for the in-flight batch (which commits), and leaves the group.
    await consumer.disconnect()
    await dlqProducer.disconnect()
    assignment = {}
    log.info({}, 'consumer stopped')
  }

  return {
    start() {
      if (stopped) return Promise.reject(new Error('consumer was stopped; create a new one'))
      started ??= doStart()
      return started
    },
    stop() {
      stopped ??= doStop()
      return stopped
    },
    assignment: () => assignment,
  }
}

function indexByTopic(handlers: readonly Subscription[]): Map<string, Subscription> {
  if (handlers.length === 0) throw new RangeError('a consumer needs at least one handler')
  const byTopic = new Map<string, Subscription>()
  for (const subscription of handlers) {
    if (byTopic.has(subscription.topic)) {
      throw new RangeError(`more than one handler for topic ${subscription.topic}`)
    }
    byTopic.set(subscription.topic, subscription)
  }
  return byTopic
}

/** Messages left on the partition after `offset` was handled (never negative). */
export function lagAfter(highWatermark: string, offset: string): number {
  const lag = BigInt(highWatermark) - BigInt(offset) - 1n
  return lag > 0n ? Number(lag) : 0
}

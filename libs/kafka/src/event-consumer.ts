import { Partitioners } from 'kafkajs'
import type { EachBatchPayload, Kafka } from 'kafkajs'
import type { Registry } from 'prom-client'
import { processChunk } from './batch-processor.js'
import { isBatchSubscription } from './batch-subscription.js'
import type { BatchSubscription } from './batch-subscription.js'
import { createConsumerMetrics } from './consumer-metrics.js'
import { dlqTopicFor } from './dead-letter.js'
import { failpoint, Failpoints } from './failpoint.js'
import type { KafkaLogger } from './kafka-logger.js'
import { createMessageProcessor } from './message-processor.js'
import { defaultRetryPolicy, validateRetryPolicy } from './retry-backoff.js'
import type { RetryPolicy } from './retry-backoff.js'
import type { Subscription } from './subscription.js'
import { ensureTopics } from './topic-admin.js'
import { retryWhileTransient } from './transient-retry.js'
import type { TopicSpec } from './topic-admin.js'

export interface ConsumerOptions {
  readonly groupId: string
  /** One subscription per topic, made with `on(contract, handler)` or `onBatch(contract, handler)`. */
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
  /**
   * How many of this member's partitions are handled at the same time (default 1). Messages of
   * one partition are always handled in order; more than one lets a member with several
   * partitions keep the database and its downstream services busy together, as separate
   * members would.
   */
  readonly partitionsConcurrently?: number
  /** Resolved offsets are committed at the end of every batch and at least this often (default 5 s). */
  readonly commitIntervalMs?: number
  readonly sessionTimeoutMs?: number
  readonly heartbeatIntervalMs?: number
  /** How long `start()` keeps retrying an unreachable cluster before it fails (default 90 s). */
  readonly startDeadlineMs?: number
}

export interface EventConsumer {
  /** Joins the group and starts handling; resolves once the consumer is running. */
  start(): Promise<void>
  /** Stops fetching, lets the in-flight messages or batches finish, commits, leaves the group, disconnects. */
  stop(): Promise<void>
  /** The partitions this member currently owns, by topic. */
  assignment(): Readonly<Record<string, readonly number[]>>
}

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
  const startDeadlineMs = options.startDeadlineMs ?? 90_000
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 3_000
  const partitionsConcurrently = options.partitionsConcurrently ?? 1
  if (!Number.isInteger(partitionsConcurrently) || partitionsConcurrently < 1) {
    throw new RangeError('partitionsConcurrently must be an integer >= 1')
  }
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

  const processor = createMessageProcessor({
    groupId,
    log,
    metrics,
    policy,
    dlqTopic,
    dlqProducer,
    heartbeatIntervalMs,
    stopping: stopping.signal,
  })

  let started: Promise<void> | undefined
  let stopped: Promise<void> | undefined

  async function processBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload
    const heartbeat = (): Promise<void> => payload.heartbeat()
    const handleOne = async (subscription: Subscription, index: number) => {
      const message = batch.messages[index]
      if (!message) return 'ok'
      const outcome = await processor.processMessage(subscription, batch, message, heartbeat)
      if (outcome !== 'abandoned') resolve(message.offset)
      return outcome
    }
    const handleChunk = (subscription: BatchSubscription, messages: typeof batch.messages) =>
      processChunk(
        { processor, metrics, log, stopping: stopping.signal },
        subscription,
        batch,
        messages,
        heartbeat,
        resolve,
      )
    const commit = async (): Promise<void> => {
      const offsets = payload.uncommittedOffsets()
      if (offsets.topics.length === 0) return
      failpoint(Failpoints.consumerBeforeOffsetCommit)
      await payload.commitOffsetsIfNecessary(offsets)
    }
    const resolve = (offset: string): void => {
      payload.resolveOffset(offset)
      metrics.lag(batch.topic, batch.partition, lagAfter(batch.highWatermark, offset))
    }
    const subscription = subscriptions.get(batch.topic)
    if (!subscription) throw new Error(`no handler for topic ${batch.topic}`)
    const batched = isBatchSubscription(subscription) ? subscription : undefined
    const step = batched?.maxBatchSize ?? 1
    let lastCommit = Date.now()
    try {
      for (let from = 0; from < batch.messages.length; from += step) {
        if (!payload.isRunning() || payload.isStale() || stopping.signal.aborted) break
        const outcome = batched
          ? await handleChunk(batched, batch.messages.slice(from, from + step))
          : await handleOne(subscription, from)
        if (outcome === 'abandoned') break
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

  /** Starts, retrying for up to `startDeadlineMs` while the cluster is briefly unreachable. */
  async function doStart(): Promise<void> {
    await retryWhileTransient(connectAndRun, {
      deadlineMs: startDeadlineMs,
      signal: stopping.signal,
      async onRetry(err, attempt, retryInMs) {
        log.warn({ err, attempt, retryInMs }, 'consumer could not start yet, retrying')
        await Promise.all([consumer.disconnect(), dlqProducer.disconnect()]).catch(() => undefined)
      },
    })
  }

  async function connectAndRun(): Promise<void> {
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
      partitionsConsumedConcurrently: partitionsConcurrently,
      eachBatch: processBatch,
    })
    log.info({ topics: [...subscriptions.keys()], dlqTopic }, 'consumer started')
  }

  async function doStop(): Promise<void> {
    stopping.abort()
    if (started) await started.catch(() => undefined)
    // disconnect() stops fetching, waits for the in-flight batches (which commit), and leaves the group.
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

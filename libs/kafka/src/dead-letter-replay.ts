import { Partitioners } from 'kafkajs'
import type { EachBatchPayload, Kafka, TopicMessages } from 'kafkajs'
import { dlqTopicFor, parseDeadLetter } from './dead-letter.js'
import type { DeadLetter } from './dead-letter.js'
import { withTimeout } from './deadline.js'
import type { KafkaLogger } from './kafka-logger.js'

export interface ReplayOptions {
  /** The consumer group whose dead-letter topic is replayed. */
  readonly groupId: string
  /** Re-publish at most this many records in this call. */
  readonly limit?: number
  /** Which dead letters to re-publish; the others are passed over (see README). */
  readonly filter?: (letter: DeadLetter) => boolean
  /** Upper bound for the whole call (default 60 s). */
  readonly timeoutMs?: number
  readonly logger?: KafkaLogger
}

export interface ReplayResult {
  /** Records re-published to their original topic. */
  readonly replayed: number
  /** Records passed over: rejected by the filter, or not a readable dead letter. */
  readonly skipped: number
}

/** The consumer group that remembers how far a dead-letter topic has been replayed. */
export function replayGroupFor(groupId: string): string {
  return `${dlqTopicFor(groupId)}.replay`
}

/**
 * Re-publishes dead letters to their original topic with their original key, value and
 * headers. Progress is kept in its own consumer group, so every dead letter is replayed at
 * most once; each call works through the records present when it started, then returns.
 */
export async function replayDeadLetters(kafka: Kafka, options: ReplayOptions): Promise<ReplayResult> {
  const dlqTopic = dlqTopicFor(options.groupId)
  const groupId = replayGroupFor(options.groupId)
  const limit = options.limit ?? Number.POSITIVE_INFINITY
  if (!(limit >= 0)) throw new RangeError('limit must be >= 0')
  const log = options.logger?.child({ dlqTopic })

  const ends = await snapshotEnds(kafka, dlqTopic, groupId)
  const pending = new Set([...ends].filter(([, end]) => end.pending).map(([partition]) => partition))
  if (pending.size === 0 || limit === 0) return { replayed: 0, skipped: 0 }

  let replayed = 0
  let skipped = 0
  let finish: () => void = () => undefined
  const finished = new Promise<void>((resolve) => (finish = resolve))

  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  })
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 500 })

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload
    const end = ends.get(batch.partition)?.end ?? 0n
    const outgoing = new Map<string, TopicMessages>()
    const taken: string[] = []
    for (const message of batch.messages) {
      if (replayed >= limit || BigInt(message.offset) >= end) break
      let letter: DeadLetter | undefined
      try {
        letter = parseDeadLetter(message)
      } catch (err) {
        log?.warn(
          { err, partition: batch.partition, offset: message.offset },
          'unreadable dead letter skipped',
        )
      }
      if (letter && (!options.filter || options.filter(letter))) {
        const target = letter.failure.topic
        const group = outgoing.get(target) ?? { topic: target, messages: [] }
        group.messages.push({ key: letter.key, value: letter.value, headers: letter.headers })
        outgoing.set(target, group)
        replayed++
      } else {
        skipped++
      }
      taken.push(message.offset)
    }
    if (outgoing.size > 0) await producer.sendBatch({ topicMessages: [...outgoing.values()], acks: -1 })
    for (const offset of taken) payload.resolveOffset(offset)
    await payload.commitOffsetsIfNecessary(payload.uncommittedOffsets())
    const last = taken.at(-1)
    if (last !== undefined && BigInt(last) + 1n >= end) pending.delete(batch.partition)
    if (pending.size === 0 || replayed >= limit) finish()
  }

  try {
    await producer.connect()
    await consumer.connect()
    await consumer.subscribe({ topics: [dlqTopic], fromBeginning: true })
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch })
    const timeoutMs = options.timeoutMs ?? 60_000
    await withTimeout(
      finished,
      timeoutMs,
      `dead-letter replay of ${dlqTopic} did not finish in ${timeoutMs} ms`,
    )
  } finally {
    await consumer.disconnect()
    await producer.disconnect()
  }
  log?.info({ replayed, skipped }, 'dead letters replayed')
  return { replayed, skipped }
}

/** Per partition: the high watermark now, and whether the replay group is behind it. */
async function snapshotEnds(
  kafka: Kafka,
  topic: string,
  groupId: string,
): Promise<Map<number, { end: bigint; pending: boolean }>> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    const offsets = await admin.fetchTopicOffsets(topic)
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] })
    const position = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]))
    return new Map(
      offsets.map((p) => {
        const end = BigInt(p.high)
        const from = bigMax(position.get(p.partition) ?? -1n, BigInt(p.low))
        return [p.partition, { end, pending: from < end }]
      }),
    )
  } finally {
    await admin.disconnect()
  }
}

function bigMax(a: bigint, b: bigint): bigint {
  return a > b ? a : b
}

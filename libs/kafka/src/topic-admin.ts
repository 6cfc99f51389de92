import type { Admin, Kafka } from 'kafkajs'
import { delay, withTimeout } from './deadline.js'

export interface TopicSpec {
  readonly topic: string
  /** Default: the broker's `num.partitions`. */
  readonly partitions?: number
  /** Default: the broker's `default.replication.factor`. */
  readonly replicationFactor?: number
  /** Topic configs, e.g. `{ 'retention.ms': '604800000' }`. */
  readonly configs?: Readonly<Record<string, string>>
}

/**
 * Creates the topics that do not exist yet (never changes existing ones) and resolves once
 * every partition of every listed topic has a leader. Safe to run from several processes
 * at once.
 */
export async function ensureTopics(
  kafka: Kafka,
  specs: readonly TopicSpec[],
  options: { timeoutMs?: number } = {},
): Promise<{ created: string[] }> {
  if (specs.length === 0) return { created: [] }
  const timeoutMs = options.timeoutMs ?? 30_000
  const admin = kafka.admin()
  await admin.connect()
  try {
    const existing = new Set(await admin.listTopics())
    const missing = specs.filter((spec) => !existing.has(spec.topic))
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: false,
        timeout: timeoutMs,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.partitions ?? -1,
          replicationFactor: spec.replicationFactor ?? -1,
          configEntries: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value })),
        })),
      })
    }
    await waitForLeaders(
      admin,
      specs.map((spec) => spec.topic),
      timeoutMs,
    )
    return { created: missing.map((spec) => spec.topic) }
  } finally {
    await admin.disconnect()
  }
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics })
      const ready =
        metadata.length === topics.length &&
        metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))
      if (ready) return
    } catch {
      // A topic just created may not be in the metadata yet; keep polling until the deadline.
    }
    if (Date.now() >= deadline) throw new Error(`timed out waiting for leaders of ${topics.join(', ')}`)
    await delay(100)
  }
}

/**
 * Resolves once the cluster answers `describeCluster`; rejects after `timeoutMs`.
 * Used at start-up so a service does not start consuming before Kafka is there.
 */
export async function waitForKafka(kafka: Kafka, options: { timeoutMs: number }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs
  let lastError: unknown
  for (let attempt = 0; ; attempt++) {
    const left = deadline - Date.now()
    if (left <= 0) break
    try {
      await describeOnce(kafka, Math.min(left, 5_000))
      return
    } catch (err) {
      lastError = err
    }
    const pause = Math.min(2_000, 100 * 2 ** attempt, Math.max(0, deadline - Date.now()))
    await delay(pause)
  }
  const reason = lastError instanceof Error ? `: ${lastError.message}` : ''
  throw new Error(`Kafka not reachable within ${options.timeoutMs} ms${reason}`, { cause: lastError })
}

/** A readiness check for `/readyz`: one `describeCluster` with a ~2 s budget and no retries. */
export interface ReadinessCheck {
  readonly name: string
  check(): Promise<void>
}

export function kafkaReadiness(kafka: Kafka, options: { timeoutMs?: number } = {}): ReadinessCheck {
  const timeoutMs = options.timeoutMs ?? 2_000
  return {
    name: 'kafka',
    async check() {
      await describeOnce(kafka, timeoutMs)
    },
  }
}

/** One connect + describeCluster + disconnect without client retries, bounded by `timeoutMs`. */
async function describeOnce(kafka: Kafka, timeoutMs: number): Promise<void> {
  const admin = kafka.admin({ retry: { retries: 0 } })
  const attempt = (async () => {
    await admin.connect()
    const cluster = await admin.describeCluster()
    if (cluster.brokers.length === 0) throw new Error('Kafka cluster reports no brokers')
  })()
  const closed = attempt
    .then(ignore, ignore)
    .then(() => admin.disconnect())
    .catch(ignore)
  try {
    await withTimeout(attempt, timeoutMs, `Kafka did not answer within ${timeoutMs} ms`)
  } catch (err) {
    // On a timeout the admin is closed once its attempt settles, in the background.
    void closed
    throw err
  }
  await closed
}

function ignore(): void {}

/**
 * Sets where a consumer group that has no members yet starts on every partition of `topics`:
 * their current `start` or `end`. A test or benchmark attaching a new group to topics with
 * history uses `end` (nothing old replayed, nothing sent after this call skipped); a backlog
 * drain uses `start`.
 */
export async function startGroupAt(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
  at: 'start' | 'end',
): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic)
      await admin.setOffsets({
        groupId,
        topic,
        partitions: offsets.map(({ partition, low, high }) => ({
          partition,
          offset: at === 'start' ? low : high,
        })),
      })
    }
  } finally {
    await admin.disconnect()
  }
}

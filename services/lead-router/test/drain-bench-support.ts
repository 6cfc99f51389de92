import { randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import {
  callReceivedV1,
  contactUpsertedV1,
  emailReceivedV1,
  fixtures,
  leadSubmittedV1,
  paymentReceivedV1,
  type CallReceivedV1,
} from '@leadflow/contracts'
import { schemaOf } from '@leadflow/db'
import { createProducer, ensureTopics, startGroupAt, type Kafka } from '@leadflow/kafka'

interface PgClient {
  connect(): Promise<void>
  query(text: string, values?: unknown[]): Promise<unknown>
  end(): Promise<void>
}

/** node-postgres, as @leadflow/db depends on it. */
function pgClient(connectionString: string): PgClient {
  const require = createRequire(fileURLToPath(import.meta.resolve('@leadflow/db')))
  const pg = require('pg') as { Client: new (options: { connectionString: string }) => PgClient }
  return new pg.Client({ connectionString })
}

/**
 * The drain benchmark's baseline: `rows` leads inserted into a migrated lead-router schema by
 * one client, one INSERT per statement, each committed on its own.
 */
export async function insertOneByOne(
  databaseUrl: string,
  rows: number,
): Promise<{ rows: number; seconds: number; perSecond: number }> {
  const url = new URL(databaseUrl)
  url.searchParams.delete('schema')
  const client = pgClient(url.toString())
  await client.connect()
  try {
    await client.query(`SET search_path TO "${schemaOf(databaseUrl, 'lead-router').replaceAll('"', '""')}"`)
    const ownerId = randomUUID()
    const startedAt = performance.now()
    for (let i = 0; i < rows; i++) {
      const now = new Date()
      await client.query(
        `INSERT INTO leads (id, source_event_id, source, status, contact_id, phone_e164, owner_id,
           sla_due_at, last_touch_at, created_at, updated_at)
         VALUES ($1, $2, 'call', 'new', $3, $4, $5, $6, $7, $7, $7)`,
        [
          randomUUID(),
          `baseline:${randomUUID()}`,
          randomUUID(),
          `+4479${String(10_000_000 + i).padStart(8, '0')}`,
          ownerId,
          new Date(now.getTime() + 4 * 3_600_000),
          now,
        ],
      )
    }
    const seconds = (performance.now() - startedAt) / 1_000
    return { rows, seconds, perSecond: rows / seconds }
  } finally {
    await client.end()
  }
}

/** Calls in caller-interleaved order; one caller's calls an hour apart, so each opens a lead. */
function calls(events: number, callers: number): CallReceivedV1[] {
  const phones = Array.from({ length: callers }, (_, i) => `+4479${String(10_000_000 + i).padStart(8, '0')}`)
  const base = Date.UTC(2025, 2, 14, 9, 0)
  return Array.from({ length: events }, (_, i) => {
    const phone = phones[i % callers] ?? ''
    return fixtures.callReceived({
      eventId: `bench:${randomUUID()}`,
      callerE164: phone,
      callerRaw: phone,
      startedAt: new Date(base + Math.floor(i / callers) * 3_600_000 + (i % callers)),
    })
  })
}

/** The shared topics lead-router subscribes to (with the calls on their contract topic). */
const sharedTopics = [
  callReceivedV1,
  emailReceivedV1,
  leadSubmittedV1,
  paymentReceivedV1,
  contactUpsertedV1,
].map((contract) => contract.topic)

/**
 * A benchmark's consumer group starts at the end of every shared topic: the history other runs
 * left on the broker is not the benchmark's work, and must not be drained in its time.
 */
export async function skipSharedHistory(kafka: Kafka, groupId: string): Promise<void> {
  await startGroupAt(kafka, groupId, sharedTopics, 'end')
}

/** The partitions of a backlog topic: those of the stack's own topics (`KAFKA_TOPIC_PARTITIONS`, 3). */
export const backlogPartitions = 3

/**
 * A fresh topic of `backlogPartitions` partitions holding `events` CallReceived from `callers`
 * callers (keyed by number), and a consumer group positioned at its start, so lead-router finds
 * the whole backlog waiting.
 */
export async function produceBacklog(
  kafka: Kafka,
  events: number,
  callers: number,
): Promise<{ topic: string; groupId: string; setupGroupId: string; remove(): Promise<void> }> {
  const topic = `bench.lead-router.drain.${randomUUID()}`
  const groupId = `bench-lead-router-${randomUUID()}`
  // As many partitions as the contract topics have by default, so calls spread as in production.
  await ensureTopics(kafka, [{ topic, partitions: backlogPartitions }])
  await startGroupAt(kafka, groupId, [topic], 'start')
  await skipSharedHistory(kafka, groupId)
  // The router that configures routing before the drain reads nothing either.
  const setupGroupId = `${groupId}-setup`
  await skipSharedHistory(kafka, setupGroupId)
  const producer = await createProducer(kafka)
  const all = calls(events, callers)
  try {
    for (let from = 0; from < all.length; from += 2_000) {
      await producer.sendBatch({ ...callReceivedV1, topic }, all.slice(from, from + 2_000))
    }
  } finally {
    await producer.disconnect()
  }
  return {
    topic,
    groupId,
    setupGroupId,
    async remove() {
      const cleanup = kafka.admin()
      await cleanup.connect()
      await cleanup.deleteTopics({ topics: [topic] }).catch(() => undefined)
      await cleanup.disconnect()
    },
  }
}

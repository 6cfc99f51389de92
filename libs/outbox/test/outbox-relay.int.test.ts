import { randomBytes } from 'node:crypto'
import type { Contract } from '@leadflow/contracts'
import {
  createConsumer,
  createKafka,
  createProducer,
  ensureTopics,
  on,
  type EventProducer,
  type Kafka,
} from '@leadflow/kafka'
import pg from 'pg'
import { Registry } from 'prom-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOutboxRelay, outboxMessage, pgOutboxDb } from '../src/index.js'

interface Note {
  id: string
  key: string
  seq: number
}

const suffix = randomBytes(4).toString('hex')
const topic = `test.outbox.${suffix}`
const schema = `outbox_test_${suffix}`
const noteV1: Contract<Note> = {
  type: 'Note',
  topic,
  schema: {
    type: 'record',
    name: 'Note',
    namespace: 'io.leadflow.test',
    fields: [
      { name: 'id', type: 'string' },
      { name: 'key', type: 'string' },
      { name: 'seq', type: 'int' },
    ],
  },
  history: [],
  key: (note) => note.key,
  eventId: (note) => note.id,
}
const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent }

describe('outbox relay on the real Postgres and Kafka', () => {
  const pool = new pg.Pool({
    connectionString: process.env.DATABASE_URL ?? 'postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow',
    options: `-c search_path=${schema}`,
  })
  const db = pgOutboxDb(pool)
  let kafka: Kafka
  let producer: EventProducer

  async function insert(notes: Note[]) {
    for (const note of notes) {
      const row = outboxMessage(noteV1, note)
      await pool.query('INSERT INTO outbox (topic, key, value, headers) VALUES ($1, $2, $3, $4)', [
        row.topic,
        row.key,
        Buffer.from(row.value),
        row.headers,
      ])
    }
  }

  async function consumeAll(expected: number): Promise<{ note: Note; eventId: string }[]> {
    const seen: { note: Note; eventId: string }[] = []
    const consumer = createConsumer(kafka, {
      groupId: `test.outbox.reader.${randomBytes(4).toString('hex')}`,
      fromBeginning: true,
      deadLetterTopic: false,
      logger: silent,
      handlers: [on(noteV1, (note, ctx) => void seen.push({ note, eventId: ctx.eventId }))],
    })
    await consumer.start()
    const deadline = Date.now() + 30_000
    while (seen.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    await consumer.stop()
    return seen
  }

  beforeAll(async () => {
    await pool.query(`CREATE SCHEMA ${schema}`)
    await pool.query(`CREATE TABLE outbox (id BIGSERIAL PRIMARY KEY, topic TEXT NOT NULL, key TEXT NOT NULL,
      value BYTEA NOT NULL, headers JSONB NOT NULL, created_at TIMESTAMPTZ(3) NOT NULL DEFAULT now())`)
    kafka = createKafka({
      clientId: 'outbox-test',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      logger: silent,
    })
    await ensureTopics(kafka, [{ topic, partitions: 3 }])
    producer = await createProducer(kafka)
  })

  afterAll(async () => {
    await producer.disconnect()
    await pool.query(`DROP SCHEMA ${schema} CASCADE`)
    await pool.end()
  })

  it('publishes pending rows with their headers, in order per key, then deletes them', async () => {
    const notes = Array.from({ length: 30 }, (_, i) => ({ id: `n-${i}`, key: `k-${i % 3}`, seq: i }))
    await insert(notes)
    const relay = createOutboxRelay({ db, producer, logger: silent, batchSize: 7 })
    expect(await relay.depth()).toBe(30)
    expect(await relay.flush()).toBe(30)
    expect(await relay.depth()).toBe(0)

    const seen = await consumeAll(30)
    expect(seen.map((s) => s.eventId).sort()).toEqual(notes.map((n) => n.id).sort())
    for (const key of ['k-0', 'k-1', 'k-2']) {
      const seqs = seen.filter((s) => s.note.key === key).map((s) => s.note.seq)
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    }
  })

  it('keeps rows when Kafka refuses them, and publishes them once it accepts again', async () => {
    await insert([{ id: 'kept-1', key: 'k', seq: 1 }])
    const failing = { sendEncoded: () => Promise.reject(new Error('broker unavailable')) }
    const relay = createOutboxRelay({ db, producer: failing, logger: silent })
    await expect(relay.flush()).rejects.toThrow('broker unavailable')
    expect(await relay.depth()).toBe(1)
    expect(await createOutboxRelay({ db, producer, logger: silent }).flush()).toBe(1)
    expect(await relay.depth()).toBe(0)
  })

  it('survives its connection being cut while the broker is awaited: the publish fails, the process lives, the rows go out next time', async () => {
    await insert([{ id: 'cut-1', key: 'k', seq: 1 }])
    // The relay holds its transaction's connection while Kafka answers; Postgres restarts meanwhile.
    const cutting = {
      async sendEncoded() {
        await pool.query(
          "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()",
        )
        await new Promise((resolve) => setTimeout(resolve, 200))
        throw new Error('broker unavailable')
      },
    }
    await expect(createOutboxRelay({ db, producer: cutting, logger: silent }).flush()).rejects.toThrow()
    expect(await createOutboxRelay({ db, producer, logger: silent }).flush()).toBe(1)
    expect((await consumeAll(1)).map((s) => s.eventId)).toContain('cut-1')
  })

  it('lets one relay publish at a time, so two replicas never publish a row twice', async () => {
    await insert(Array.from({ length: 50 }, (_, i) => ({ id: `pair-${i}`, key: `p-${i % 5}`, seq: i })))
    let sent = 0
    const counting = {
      sendEncoded: async (records: Parameters<EventProducer['sendEncoded']>[0]) => {
        sent += records.length
        await producer.sendEncoded(records)
      },
    }
    const a = createOutboxRelay({ db, producer: counting, logger: silent, batchSize: 5 })
    const b = createOutboxRelay({ db, producer: counting, logger: silent, batchSize: 5 })
    await Promise.all([a.flush(), b.flush(), a.flush(), b.flush()])
    await a.flush()
    expect(await a.depth()).toBe(0)
    expect(sent).toBe(50)
  })

  it('runs in the background: a wake-up publishes promptly, stop() ends the loop', async () => {
    const registry = new Registry()
    const relay = createOutboxRelay({ db, producer, logger: silent, pollMs: 60_000, registry })
    relay.start()
    await insert([{ id: 'woken-1', key: 'w', seq: 1 }])
    relay.wake()
    const deadline = Date.now() + 10_000
    while ((await relay.depth()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    expect(await relay.depth()).toBe(0)
    expect(await registry.metrics()).toContain('outbox_depth 0')
    expect(await registry.metrics()).toMatch(/^outbox_published_total\{topic="[^"]+"\} 1$/m)
    await relay.stop()
  })

  it('with a linger, rows committed while it waits go to Kafka in one request; stop() ends the wait', async () => {
    const requests: number[] = []
    const counting = {
      sendEncoded: async (records: Parameters<EventProducer['sendEncoded']>[0]) => {
        requests.push(records.length)
        await producer.sendEncoded(records)
      },
    }
    const relay = createOutboxRelay({
      db,
      producer: counting,
      logger: silent,
      pollMs: 60_000,
      lingerMs: 5_000,
    })
    relay.start()
    await relay.flush() // the loop's first round is over: it sleeps until woken
    await insert([{ id: 'linger-1', key: 'l', seq: 1 }])
    relay.wake()
    await insert([{ id: 'linger-2', key: 'l', seq: 2 }])
    relay.wake()
    await insert([{ id: 'linger-3', key: 'l', seq: 3 }])
    relay.wake()
    expect(requests).toEqual([])
    const deadline = Date.now() + 30_000
    while ((await relay.depth()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(requests).toEqual([3])
    expect((await consumeAll(3)).filter((s) => s.eventId.startsWith('linger-'))).toHaveLength(3)

    // A relay stopped in the middle of a long linger stops at once, without publishing.
    const waiting = createOutboxRelay({
      db,
      producer: counting,
      logger: silent,
      pollMs: 60_000,
      lingerMs: 600_000,
    })
    waiting.start()
    await waiting.flush()
    await insert([{ id: 'linger-4', key: 'l', seq: 4 }])
    waiting.wake()
    await waiting.stop()
    expect(requests).toEqual([3])
    expect(await relay.flush()).toBe(1)
    await relay.stop()
  })
})

import { Partitioners } from 'kafkajs'
import type { Producer } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Registry } from 'prom-client'
import {
  NonRetryableError,
  createConsumer,
  createKafka,
  createProducer,
  dlqTopicFor,
  ensureTopics,
  onBatch,
  parseDeadLetter,
  waitForKafka,
} from '../src/index.js'
import type { DeadLetter, EventConsumer, EventProducer, Kafka } from '../src/index.js'
import { testBrokers, uniqueName } from './kafka-test-env.js'
import { recordingLogger } from './recording-logger.js'
import { makeCalls, testCallV2 } from './test-contracts.js'
import type { TestCallV2 } from './test-contracts.js'
import { waitFor } from './wait-for.js'

const logger = recordingLogger()
let kafka: Kafka
let producer: EventProducer
let rawProducer: Producer
const consumers: EventConsumer[] = []
const fastRetry = { attempts: 3, initialMs: 20, maxMs: 100 }

function track(consumer: EventConsumer): EventConsumer {
  consumers.push(consumer)
  return consumer
}

async function committedOffset(groupId: string, topic: string): Promise<string | undefined> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] })
    return offsets?.partitions.find((p) => p.partition === 0)?.offset
  } finally {
    await admin.disconnect()
  }
}

async function readAll(topic: string, expected: number): Promise<DeadLetter[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 200 })
  const letters: DeadLetter[] = []
  await consumer.connect()
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true })
    await consumer.run({
      eachMessage: ({ message }) => {
        letters.push(parseDeadLetter(message))
        return Promise.resolve()
      },
    })
    await waitFor(`${expected} records on ${topic}`, () => letters.length >= expected)
  } finally {
    await consumer.disconnect()
  }
  return letters
}

/** A store whose writes land all together or not at all, like one database transaction. */
function atomicStore() {
  const applied = new Map<string, number>()
  return {
    applied,
    commit(ids: readonly string[]) {
      for (const id of ids) applied.set(id, (applied.get(id) ?? 0) + 1)
    },
  }
}

beforeAll(async () => {
  kafka = createKafka({ clientId: 'kafka-lib-batch-test', brokers: testBrokers(), logger, logLevel: 'warn' })
  await waitForKafka(kafka, { timeoutMs: 30_000 })
  producer = await createProducer(kafka)
  rawProducer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  })
  await rawProducer.connect()
})

afterAll(async () => {
  await Promise.all(consumers.map((consumer) => consumer.stop()))
  await producer?.disconnect()
  await rawProducer?.disconnect()
})

describe('batch consumption against the real broker', () => {
  it('hands a backlog over in batches, in order, each event once, and commits past the last', async () => {
    const topic = uniqueName('batch')
    const groupId = uniqueName('batch-group')
    await ensureTopics(kafka, [{ topic, partitions: 1 }])
    const contract = testCallV2(topic)
    const events = makeCalls(300, 'batch')
    await producer.sendBatch(contract, events)

    const store = atomicStore()
    const sizes: number[] = []
    const seen: string[] = []
    const consumer = track(
      createConsumer(kafka, {
        groupId,
        logger,
        fromBeginning: true,
        handlers: [
          onBatch(
            contract,
            (items, ctx) => {
              sizes.push(items.length)
              expect(ctx.firstOffset).toBe(items[0]!.ctx.offset)
              expect(ctx.lastOffset).toBe(items[items.length - 1]!.ctx.offset)
              seen.push(...items.map((item) => item.event.id))
              store.commit(items.map((item) => item.event.id))
              return Promise.resolve()
            },
            { maxBatchSize: 100 },
          ),
        ],
      }),
    )
    await consumer.start()
    await waitFor('every event', () => store.applied.size === events.length)
    expect(seen).toEqual(events.map((e) => e.id))
    expect([...store.applied.values()].every((count) => count === 1)).toBe(true)
    expect(Math.max(...sizes)).toBeGreaterThan(1)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100)
    await waitFor('offsets committed past every message', async () => {
      return (await committedOffset(groupId, topic)) === String(events.length)
    })
  })

  it('a poison message in a batch is dead-lettered alone; the rest is handled once, after a retry', async () => {
    const topic = uniqueName('batch-poison')
    const groupId = uniqueName('batch-poison-group')
    await ensureTopics(kafka, [{ topic, partitions: 1 }])
    const contract = testCallV2(topic)
    const events = makeCalls(40, 'bpoison')
    const rejected = events[17]!
    await producer.sendBatch(contract, events.slice(0, 10))
    const [garbage] = await rawProducer.send({
      topic,
      messages: [{ key: 'k-raw', value: Buffer.from('not avro'), headers: { 'event-id': 'raw-1' } }],
    })
    await producer.sendBatch(contract, events.slice(10))

    const store = atomicStore()
    const registry = new Registry()
    let transientFailures = 0
    const apply = (ids: readonly string[]): void => {
      if (ids.includes(rejected.id)) throw new NonRetryableError('caller is blocked')
      store.commit(ids)
    }
    const consumer = track(
      createConsumer(kafka, {
        groupId,
        logger,
        registry,
        fromBeginning: true,
        retry: fastRetry,
        handlers: [
          onBatch(
            contract,
            (items) => {
              apply(items.map((item) => item.event.id))
              return Promise.resolve()
            },
            {
              // One at a time, the first attempt of event 5 meets a passing outage and is retried.
              each: (event: TestCallV2) => {
                if (event.id === events[5]!.id && transientFailures++ === 0) throw new Error('db unavailable')
                apply([event.id])
              },
            },
          ),
        ],
      }),
    )
    await consumer.start()
    await waitFor('every good event', () => store.applied.size === events.length - 1)
    expect(store.applied.has(rejected.id)).toBe(false)
    expect([...store.applied.values()].every((count) => count === 1)).toBe(true)
    expect(transientFailures).toBeGreaterThanOrEqual(1)
    // The fallback is counted, so operators see batches that keep failing.
    const fallbacks = await registry.getSingleMetric('kafka_consumer_batch_fallbacks_total')?.get()
    expect(fallbacks?.values.find((v) => v.labels.topic === topic)?.value).toBeGreaterThanOrEqual(1)
    await waitFor('offsets committed past every message', async () => {
      return (await committedOffset(groupId, topic)) === String(events.length + 1)
    })
    const letters = await readAll(dlqTopicFor(groupId), 2)
    expect(letters).toHaveLength(2)
    const byOffset = new Map(letters.map((letter) => [letter.failure.offset, letter]))
    expect(garbage?.baseOffset).toBeDefined()
    expect(byOffset.get(garbage?.baseOffset ?? '')?.failure).toMatchObject({
      attempts: 0,
      errorName: 'PoisonMessageError',
    })
    const reject = letters.find((letter) => letter.headers['event-id'] === rejected.id)
    expect(reject?.failure).toMatchObject({ attempts: 1, errorName: 'NonRetryableError' })
  })

  it('stopped during a batch, a restarted member redelivers the unfinished batch: no loss, no skip', async () => {
    const topic = uniqueName('batch-stop')
    const groupId = uniqueName('batch-stop-group')
    await ensureTopics(kafka, [{ topic, partitions: 1 }])
    const contract = testCallV2(topic)
    const events = makeCalls(120, 'bstop')
    await producer.sendBatch(contract, events)

    const store = atomicStore()
    let stopping: Promise<void> | undefined
    const first: EventConsumer = track(
      createConsumer(kafka, {
        groupId,
        logger,
        fromBeginning: true,
        handlers: [
          onBatch(
            contract,
            async (items, ctx) => {
              if (store.applied.size === 0) {
                store.commit(items.map((item) => item.event.id))
                return
              }
              // The second batch is in flight when the member is told to stop: it gives up uncommitted.
              stopping = first.stop()
              expect(ctx.signal.aborted).toBe(true)
              await new Promise((resolve) => setTimeout(resolve, 100))
              throw new Error('stopping')
            },
            { maxBatchSize: 40 },
          ),
        ],
      }),
    )
    await first.start()
    await waitFor('the first member to stop', () => stopping !== undefined)
    await stopping
    expect(store.applied.size).toBe(40)
    expect(await committedOffset(groupId, topic)).toBe('40')

    const second = track(
      createConsumer(kafka, {
        groupId,
        logger,
        fromBeginning: true,
        handlers: [
          onBatch(contract, (items) => {
            store.commit(items.map((item) => item.event.id))
            return Promise.resolve()
          }),
        ],
      }),
    )
    await second.start()
    await waitFor('the rest of the stream', () => store.applied.size === events.length)
    expect([...store.applied.values()].every((count) => count === 1)).toBe(true)
  })

  it('with partitionsConcurrently, two partitions are in their handlers at once, each still in order', async () => {
    const topic = uniqueName('batch-parallel')
    await ensureTopics(kafka, [{ topic, partitions: 2 }])
    const contract = testCallV2(topic)
    const events = makeCalls(60, 'bparallel')
    await producer.sendBatch(contract, events)

    const store = atomicStore()
    const inside = new Set<number>()
    const byPartition = new Map<number, number[]>()
    let overlapped = false
    const consumer = track(
      createConsumer(kafka, {
        groupId: uniqueName('batch-parallel-group'),
        logger,
        fromBeginning: true,
        partitionsConcurrently: 2,
        handlers: [
          onBatch(contract, async (items, ctx) => {
            inside.add(ctx.partition)
            // Waits (up to 5 s) for the other partition's batch: one at a time, it never comes.
            for (let waited = 0; !overlapped && waited < 5_000; waited += 20) {
              if (inside.size > 1) overlapped = true
              else await new Promise((resolve) => setTimeout(resolve, 20))
            }
            inside.delete(ctx.partition)
            const seqs = byPartition.get(ctx.partition) ?? []
            seqs.push(...items.map((item) => item.event.seq))
            byPartition.set(ctx.partition, seqs)
            store.commit(items.map((item) => item.event.id))
          }),
        ],
      }),
    )
    await consumer.start()
    await waitFor('every event', () => store.applied.size === events.length)
    expect(overlapped).toBe(true)
    expect(byPartition.size).toBe(2)
    for (const seqs of byPartition.values()) expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    expect([...store.applied.values()].every((count) => count === 1)).toBe(true)
  })

  it('refuses a partitionsConcurrently that is not a whole number of at least 1', () => {
    const handlers = [onBatch(testCallV2(uniqueName('unused')), () => Promise.resolve())]
    for (const partitionsConcurrently of [0, 1.5]) {
      expect(() =>
        createConsumer(kafka, { groupId: uniqueName('bad'), logger, handlers, partitionsConcurrently }),
      ).toThrow(/partitionsConcurrently/)
    }
  })
})

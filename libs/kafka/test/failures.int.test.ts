import { schemaFingerprint } from '@leadflow/contracts'
import { Partitioners } from 'kafkajs'
import type { Producer } from 'kafkajs'
import { Registry } from 'prom-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  EventHeader,
  NonRetryableError,
  createConsumer,
  createKafka,
  createProducer,
  dlqTopicFor,
  ensureTopics,
  on,
  parseDeadLetter,
  replayDeadLetters,
  waitForKafka,
} from '../src/index.js'
import type { DeadLetter, EventConsumer, EventProducer, Kafka } from '../src/index.js'
import { testBrokers, uniqueName } from './kafka-test-env.js'
import { recordingLogger } from './recording-logger.js'
import { makeCalls, testCallSchemaV2, testCallV2 } from './test-contracts.js'
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

/** Every record currently on a topic, read by a throw-away group. */
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

async function highWatermark(topic: string): Promise<string | undefined> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    return (await admin.fetchTopicOffsets(topic)).find((p) => p.partition === 0)?.high
  } finally {
    await admin.disconnect()
  }
}

beforeAll(async () => {
  kafka = createKafka({
    clientId: 'kafka-lib-failures-test',
    brokers: testBrokers(),
    logger,
    logLevel: 'warn',
  })
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

describe('failure handling against the real broker', () => {
  it('poison messages go to the DLQ with the failure, consumption goes on, and replay re-delivers', async () => {
    const topic = uniqueName('poison')
    const groupId = uniqueName('poison-group')
    await ensureTopics(kafka, [{ topic, partitions: 1 }])
    const contract = testCallV2(topic)
    const [good1, rejected, good2] = makeCalls(3, 'poison')

    await producer.send(contract, good1!)
    const garbage = Buffer.from('this is not avro')
    const [noFingerprint] = await rawProducer.send({
      topic,
      messages: [{ key: 'k-raw', value: garbage, headers: { 'event-id': 'raw-1' } }],
    })
    const [badBytes] = await rawProducer.send({
      topic,
      messages: [
        {
          key: 'k-raw',
          value: garbage,
          // A known writer schema: here the bytes, not the header, are what is wrong.
          headers: { 'event-id': 'raw-2', 'schema-fingerprint': schemaFingerprint(testCallSchemaV2) },
        },
      ],
    })
    const rejectedSent = await producer.send(contract, rejected!)
    await producer.send(contract, good2!)

    let acceptAll = false
    const handled: string[] = []
    const registry = new Registry()
    const consumer = track(
      createConsumer(kafka, {
        groupId,
        logger,
        registry,
        retry: fastRetry,
        fromBeginning: true,
        handlers: [
          on(contract, (event, ctx) => {
            if (event.id === rejected!.id && !acceptAll) throw new NonRetryableError('no such department')
            handled.push(`${event.id}#${ctx.headers[EventHeader.eventId]}`)
          }),
        ],
      }),
    )
    await consumer.start()
    await waitFor('the message after the poison ones', () => handled.includes(`${good2!.id}#${good2!.id}`))
    expect(handled).toEqual([`${good1!.id}#${good1!.id}`, `${good2!.id}#${good2!.id}`])
    await waitFor(
      'offsets committed past every message',
      async () => (await committedOffset(groupId, topic)) === '5',
    )

    const letters = await readAll(dlqTopicFor(groupId), 3)
    expect(letters).toHaveLength(3)
    const [raw1, raw2, reject] = letters
    for (const letter of letters) {
      expect(letter.failure.topic).toBe(topic)
      expect(letter.failure.partition).toBe(0)
      expect(letter.failure.groupId).toBe(groupId)
      expect(Date.now() - letter.failure.failedAt.getTime()).toBeLessThan(60_000)
    }
    expect(raw1!.failure).toMatchObject({
      offset: noFingerprint!.baseOffset,
      attempts: 0,
      errorName: 'PoisonMessageError',
    })
    expect(raw1!.failure.errorMessage).toMatch(/schema-fingerprint/)
    expect(raw1!.key?.toString()).toBe('k-raw')
    expect(raw1!.value).toEqual(garbage)
    expect(raw1!.headers).toEqual({ 'event-id': 'raw-1' })
    expect(raw2!.failure).toMatchObject({
      offset: badBytes!.baseOffset,
      attempts: 0,
      errorName: 'PoisonMessageError',
    })
    expect(raw2!.failure.errorMessage).toMatch(/cannot be decoded/)
    expect(reject!.failure).toMatchObject({
      offset: rejectedSent.offset,
      attempts: 1,
      errorName: 'NonRetryableError',
      errorMessage: 'no such department',
    })
    expect(reject!.key?.toString()).toBe(rejected!.callerE164)
    expect(reject!.headers[EventHeader.eventId]).toBe(rejected!.id)
    expect(reject!.headers[EventHeader.eventType]).toBe('TestCall')
    expect(Object.keys(reject!.headers).sort()).toEqual(
      ['event-id', 'event-type', 'occurred-at', 'schema-fingerprint', 'traceparent'].sort(),
    )
    expect(await registry.getSingleMetricAsString('kafka_consumer_messages_total')).toContain(
      `kafka_consumer_messages_total{group="${groupId}",topic="${topic}",outcome="dead_lettered"} 3`,
    )

    // The cause is fixed: replay only the rejected event; the undecodable records are passed over.
    acceptAll = true
    const replay = await replayDeadLetters(kafka, {
      groupId,
      logger,
      filter: (letter) => letter.failure.errorName === 'NonRetryableError',
    })
    expect(replay).toEqual({ replayed: 1, skipped: 2 })
    await waitFor('the replayed event', () => handled.includes(`${rejected!.id}#${rejected!.id}`))
    expect(handled).toHaveLength(3)

    // Progress is remembered: a second replay has nothing left to do.
    expect(await replayDeadLetters(kafka, { groupId })).toEqual({ replayed: 0, skipped: 0 })
  })

  it('retries a failing handler with backoff and processes the event exactly once to completion', async () => {
    const topic = uniqueName('retry')
    const groupId = uniqueName('retry-group')
    await ensureTopics(kafka, [{ topic, partitions: 1 }])
    const contract = testCallV2(topic)
    const [flaky, steady] = makeCalls(2, 'retry')
    await producer.sendBatch(contract, [flaky!, steady!])

    const attempts: number[] = []
    const completed: string[] = []
    const registry = new Registry()
    const consumer = track(
      createConsumer(kafka, {
        groupId,
        logger,
        registry,
        retry: { attempts: 5, initialMs: 20, maxMs: 100 },
        fromBeginning: true,
        handlers: [
          on(contract, (event, ctx) => {
            if (event.id === flaky!.id) {
              attempts.push(ctx.attempt)
              if (ctx.attempt <= 2) throw new Error(`database busy (${ctx.attempt})`)
            }
            completed.push(event.id)
          }),
        ],
      }),
    )
    await consumer.start()
    await waitFor('both events completed', () => completed.length === 2)
    await waitFor('offsets committed', async () => (await committedOffset(groupId, topic)) === '2')

    expect(attempts).toEqual([1, 2, 3])
    expect(completed).toEqual([flaky!.id, steady!.id])
    expect(await highWatermark(dlqTopicFor(groupId))).toBe('0')
    const counts = await registry.getSingleMetricAsString('kafka_consumer_messages_total')
    expect(counts).toContain(`group="${groupId}",topic="${topic}",outcome="retried"} 2`)
    expect(counts).toContain(`group="${groupId}",topic="${topic}",outcome="ok"} 2`)
    const warnings = logger.lines.filter(
      (l) => l.msg === 'handler failed; retrying' && l.bindings['groupId'] === groupId,
    )
    expect(warnings.map((l) => (l.obj as { attempt: number }).attempt)).toEqual([1, 2])
  })

  it('dead-letters a message whose handler keeps failing once the attempts are used up', async () => {
    const topic = uniqueName('exhausted')
    const groupId = uniqueName('exhausted-group')
    await ensureTopics(kafka, [{ topic, partitions: 1 }])
    const contract = testCallV2(topic)
    const [doomed, next] = makeCalls(2, 'exhausted')
    await producer.sendBatch(contract, [doomed!, next!])

    let tries = 0
    const completed: string[] = []
    const consumer = track(
      createConsumer(kafka, {
        groupId,
        logger,
        retry: fastRetry,
        fromBeginning: true,
        handlers: [
          on(contract, (event) => {
            if (event.id === doomed!.id) {
              tries++
              throw new TypeError('downstream rejected')
            }
            completed.push(event.id)
          }),
        ],
      }),
    )
    await consumer.start()
    await waitFor('the next event', () => completed.includes(next!.id))
    const [letter] = await readAll(dlqTopicFor(groupId), 1)
    expect(tries).toBe(3)
    expect(letter!.failure).toMatchObject({
      attempts: 3,
      errorName: 'TypeError',
      errorMessage: 'downstream rejected',
    })
    expect(letter!.headers[EventHeader.eventId]).toBe(doomed!.id)
  })

  it('a consumer stopped mid-stream and restarted in the same group resumes with no loss and no skip', async () => {
    const topic = uniqueName('resume')
    const groupId = uniqueName('resume-group')
    await ensureTopics(kafka, [{ topic, partitions: 1 }])
    const contract = testCallV2(topic)
    const events = makeCalls(30, 'resume')
    await producer.sendBatch(contract, events)

    const firstRun: string[] = []
    let stopping: Promise<void> | undefined
    const first: EventConsumer = track(
      createConsumer(kafka, {
        groupId,
        logger,
        fromBeginning: true,
        handlers: [
          on(contract, (event) => {
            firstRun.push(event.id)
            if (firstRun.length === 10) stopping = first.stop()
          }),
        ],
      }),
    )
    await first.start()
    await waitFor('the first consumer to stop', () => stopping !== undefined)
    await stopping
    // Stopped after the in-flight message: exactly what was handled is committed.
    expect(firstRun).toEqual(events.slice(0, 10).map((e) => e.id))
    expect(await committedOffset(groupId, topic)).toBe('10')

    const secondRun: { id: string; offset: string }[] = []
    const second = track(
      createConsumer(kafka, {
        groupId,
        logger,
        fromBeginning: true,
        handlers: [on(contract, (event, ctx) => void secondRun.push({ id: event.id, offset: ctx.offset }))],
      }),
    )
    await second.start()
    await waitFor('the rest of the stream', () => secondRun.length >= 20)
    expect(secondRun[0]!.offset).toBe('10')
    const all = new Set([...firstRun, ...secondRun.map((r) => r.id)])
    expect([...all].sort()).toEqual(events.map((e) => e.id).sort())
  })
})

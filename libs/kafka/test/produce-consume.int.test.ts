import { schemaFingerprint } from '@leadflow/contracts'
import { createServer, connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import { Partitioners } from 'kafkajs'
import { Registry } from 'prom-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  EventHeader,
  createConsumer,
  createKafka,
  createProducer,
  ensureTopics,
  kafkaReadiness,
  on,
  parseTraceparent,
  waitForKafka,
} from '../src/index.js'
import type { EventConsumer, EventProducer, Kafka, MessageContext } from '../src/index.js'
import { testBrokers, uniqueName } from './kafka-test-env.js'
import { recordingLogger } from './recording-logger.js'
import { makeCalls, testCallSchemaV1, testCallSchemaV2, testCallV1, testCallV2 } from './test-contracts.js'
import type { TestCallV2 } from './test-contracts.js'
import { waitFor } from './wait-for.js'

const logger = recordingLogger()
let kafka: Kafka
let producer: EventProducer
const consumers: EventConsumer[] = []

function track(consumer: EventConsumer): EventConsumer {
  consumers.push(consumer)
  return consumer
}

beforeAll(async () => {
  kafka = createKafka({ clientId: 'kafka-lib-test', brokers: testBrokers(), logger, logLevel: 'warn' })
  await waitForKafka(kafka, { timeoutMs: 30_000 })
  producer = await createProducer(kafka)
})

afterAll(async () => {
  await Promise.all(consumers.map((consumer) => consumer.stop()))
  await producer?.disconnect()
})

describe('@leadflow/kafka against the real broker', () => {
  it('talks to a real cluster: describeCluster returns a broker from KAFKA_BROKERS', async () => {
    const admin = kafka.admin()
    await admin.connect()
    try {
      const cluster = await admin.describeCluster()
      expect(cluster.brokers.length).toBeGreaterThanOrEqual(1)
      const listed = cluster.brokers.map((b) => `${b.host}:${b.port}`)
      expect(listed.some((broker) => testBrokers().includes(broker))).toBe(true)
    } finally {
      await admin.disconnect()
    }
    await expect(kafkaReadiness(kafka).check()).resolves.toBeUndefined()
  })

  it('reports not-ready within about 2 s when no broker answers', async () => {
    const nowhere = createKafka({ clientId: 'nowhere', brokers: ['127.0.0.1:1'], logger: recordingLogger() })
    const readiness = kafkaReadiness(nowhere)
    const started = Date.now()
    await expect(readiness.check()).rejects.toThrow()
    expect(readiness.name).toBe('kafka')
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it('creates topics explicitly and idempotently, with leaders ready', async () => {
    const topic = uniqueName('ensure')
    const first = await ensureTopics(kafka, [
      { topic, partitions: 3, configs: { 'retention.ms': '3600000' } },
    ])
    const second = await ensureTopics(kafka, [{ topic, partitions: 3 }])
    expect(first.created).toEqual([topic])
    expect(second.created).toEqual([])
    const admin = kafka.admin()
    await admin.connect()
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] })
      expect(topics[0]?.partitions).toHaveLength(3)
      expect(topics[0]?.partitions.every((p) => p.leader >= 0)).toBe(true)
    } finally {
      await admin.disconnect()
    }
  })

  it('round trip: every produced event reaches the handler with its key and headers', async () => {
    const topic = uniqueName('roundtrip')
    const groupId = uniqueName('roundtrip-group')
    await ensureTopics(kafka, [{ topic, partitions: 3 }])
    const contract = testCallV2(topic)
    const events = makeCalls(20, 'rt')
    const occurredAt = new Date('2025-03-01T09:59:00.000Z')
    await producer.sendBatch(contract, events.slice(0, 10), { occurredAt })
    for (const event of events.slice(10)) {
      const result = await producer.send(contract, event, { occurredAt })
      expect(result.topic).toBe(topic)
      expect(Number(result.offset)).toBeGreaterThanOrEqual(0)
    }

    const received = new Map<string, { event: TestCallV2; ctx: MessageContext }>()
    const registry = new Registry()
    const consumer = track(
      createConsumer(kafka, {
        groupId,
        logger,
        registry,
        fromBeginning: true,
        handlers: [on(contract, (event, ctx) => void received.set(event.id, { event, ctx }))],
      }),
    )
    await consumer.start()
    await waitFor('all 20 events', () => received.size === 20)

    for (const sent of events) {
      const got = received.get(sent.id)
      expect(got?.event).toEqual(sent)
      const ctx = got!.ctx
      expect(ctx.key).toBe(sent.callerE164)
      expect(ctx.topic).toBe(topic)
      expect(ctx.eventId).toBe(sent.id)
      expect(ctx.headers[EventHeader.eventId]).toBe(sent.id)
      expect(ctx.headers[EventHeader.eventType]).toBe('TestCall')
      expect(ctx.headers[EventHeader.schemaFingerprint]).toBe(schemaFingerprint(testCallSchemaV2))
      expect(ctx.headers[EventHeader.occurredAt]).toBe('2025-03-01T09:59:00.000Z')
      expect(parseTraceparent(ctx.headers[EventHeader.traceparent])).toBeDefined()
    }
    // Same key, same partition: one caller's events stay in order.
    const again = await producer.send(contract, { ...events[0]!, id: 'rt-again' })
    await waitFor('the re-keyed event', () => received.has('rt-again'))
    expect(received.get('rt-again')!.ctx.partition).toBe(received.get(events[0]!.id)!.ctx.partition)
    expect(again.partition).toBe(received.get(events[0]!.id)!.ctx.partition)

    // Each message gets a child logger bound to where it came from.
    received.get(events[0]!.id)!.ctx.log.info({}, 'probe')
    const probe = logger.lines.at(-1)!
    expect(probe.bindings).toMatchObject({ groupId, topic, eventId: events[0]!.id })
    expect(probe.bindings['offset']).toBe(received.get(events[0]!.id)!.ctx.offset)

    const metrics = await registry.getSingleMetricAsString('kafka_consumer_messages_total')
    expect(metrics).toContain(
      `kafka_consumer_messages_total{group="${groupId}",topic="${topic}",outcome="ok"} 21`,
    )
    const lag = await registry.getSingleMetricAsString('kafka_consumer_lag')
    expect(lag).toMatch(/kafka_consumer_lag\{[^}]*\} 0/)
    expect(lag).not.toMatch(/kafka_consumer_lag\{[^}]*\} [1-9]/)
  })

  it('an old-schema (v1) message is read by the v2 reader with the default filled in', async () => {
    const topic = uniqueName('schema')
    await ensureTopics(kafka, [{ topic, partitions: 1 }])
    const [old] = makeCalls(1, 'old')
    const { channel: _channel, ...v1Event } = old!
    await producer.send(testCallV1(topic), v1Event)
    await producer.send(testCallV2(topic), { ...old!, id: 'new-0', channel: 'web' })

    const received: { event: TestCallV2; fingerprint: string | undefined }[] = []
    const consumer = track(
      createConsumer(kafka, {
        groupId: uniqueName('schema-group'),
        logger,
        fromBeginning: true,
        handlers: [
          on(testCallV2(topic), (event, ctx) => {
            received.push({ event, fingerprint: ctx.headers[EventHeader.schemaFingerprint] })
          }),
        ],
      }),
    )
    await consumer.start()
    await waitFor('both events', () => received.length === 2)
    expect(received[0]).toEqual({
      event: { ...v1Event, channel: 'phone' },
      fingerprint: schemaFingerprint(testCallSchemaV1),
    })
    expect(received[1]).toEqual({
      event: { ...old!, id: 'new-0', channel: 'web' },
      fingerprint: schemaFingerprint(testCallSchemaV2),
    })
  })

  it('two consumers in one group share the partitions and together see every event', async () => {
    const topic = uniqueName('shared')
    const groupId = uniqueName('shared-group')
    await ensureTopics(kafka, [{ topic, partitions: 4 }])
    const contract = testCallV2(topic)
    const seen = { a: new Map<string, number>(), b: new Map<string, number>() }
    const member = (name: 'a' | 'b'): EventConsumer =>
      track(
        createConsumer(kafka, {
          groupId,
          logger,
          fromBeginning: true,
          heartbeatIntervalMs: 500,
          handlers: [on(contract, (event, ctx) => void seen[name].set(event.id, ctx.partition))],
        }),
      )
    const a = member('a')
    const b = member('b')
    await a.start()
    await b.start()
    const owned = (c: EventConsumer): number[] => [...(c.assignment()[topic] ?? [])]
    await waitFor('both members to own partitions', () => {
      const [pa, pb] = [owned(a), owned(b)]
      return (
        pa.length > 0 && pb.length > 0 && new Set([...pa, ...pb]).size === 4 && pa.length + pb.length === 4
      )
    })

    const events = makeCalls(40, 'shared')
    await producer.sendBatch(contract, events)
    await waitFor(
      'all 40 events across both members',
      () => new Set([...seen.a.keys(), ...seen.b.keys()]).size === 40,
    )

    expect(seen.a.size).toBeGreaterThan(0)
    expect(seen.b.size).toBeGreaterThan(0)
    for (const partition of seen.a.values()) expect(owned(a)).toContain(partition)
    for (const partition of seen.b.values()) expect(owned(b)).toContain(partition)
  })

  it('encoded records of many keys and topics land once each, on the partition their key hashes to', async () => {
    const topics = [uniqueName('split-a'), uniqueName('split-b')]
    await ensureTopics(
      kafka,
      topics.map((topic) => ({ topic, partitions: 3 })),
    )
    const records = topics.flatMap((topic) =>
      Array.from({ length: 150 }, (_, i) => ({
        topic,
        key: `+7916${String(i % 40).padStart(7, '0')}`,
        value: Buffer.from(`${topic}#${i}`),
        headers: { 'event-id': `${topic}#${i}` },
      })),
    )
    await producer.sendEncoded(records)

    const landed = new Map<string, number[]>()
    const reader = kafka.consumer({ groupId: uniqueName('split-reader'), maxWaitTimeInMs: 200 })
    await reader.connect()
    try {
      await reader.subscribe({ topics, fromBeginning: true })
      await reader.run({
        eachMessage: ({ partition, message }) => {
          const id = message.value?.toString() ?? ''
          landed.set(id, [...(landed.get(id) ?? []), partition])
          return Promise.resolve()
        },
      })
      await waitFor('every record read back', () => landed.size >= records.length)
    } finally {
      await reader.disconnect()
    }
    const partitioner = Partitioners.DefaultPartitioner()
    const partitionMetadata = [0, 1, 2].map((partitionId) => ({
      partitionId,
      leader: 1,
      partitionErrorCode: 0,
      replicas: [1],
      isr: [1],
    }))
    for (const record of records) {
      const expected = partitioner({
        topic: record.topic,
        partitionMetadata,
        message: { key: record.key, value: null },
      })
      expect(landed.get(record.value.toString())).toEqual([expected])
    }
    // The keys really spread over the partitions (one request per partition was needed).
    expect(new Set([...landed.values()].flat()).size).toBe(3)
  })

  /**
   * A seed broker address that refuses connections for `closedMs`, then forwards to the real
   * broker. With `kafkajsRetries: 1` kafkajs gives up at once, which leaves the retrying to
   * Leadflow's own loop (an idempotent producer refuses 0).
   */
  async function lateBroker(closedMs: number, kafkajsRetries?: number) {
    const [host, port] = (testBrokers()[0] ?? '127.0.0.1:9092').split(':')
    const proxy = createServer((socket) => socket.pipe(connect(Number(port), host)).pipe(socket))
    const proxyPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo
        probe.close(() => resolve(free))
      })
    })
    const opening = setTimeout(() => proxy.listen(proxyPort, '127.0.0.1'), closedMs)
    return {
      kafka: createKafka({
        clientId: 'late',
        brokers: [`127.0.0.1:${proxyPort}`],
        logger: recordingLogger(),
        ...(kafkajsRetries === undefined
          ? {}
          : { retry: { retries: kafkajsRetries, initialRetryTime: 100 } }),
      }),
      close() {
        clearTimeout(opening)
        proxy.close()
      },
    }
  }

  it('a consumer started while no broker answers starts once one does (instead of failing)', async () => {
    const topic = uniqueName('late-broker')
    await ensureTopics(kafka, [{ topic, partitions: 1 }])
    const late = await lateBroker(2_000)
    const contract = testCallV2(topic)
    const seen: string[] = []
    const consumer = track(
      createConsumer(late.kafka, {
        groupId: uniqueName('late-group'),
        logger,
        fromBeginning: true,
        handlers: [on(contract, (event) => void seen.push(event.id))],
      }),
    )
    try {
      await consumer.start()
      const [call] = makeCalls(1, uniqueName('late-call'))
      if (!call) throw new Error('no call made')
      await producer.send(contract, call)
      await waitFor('the event after the late start', () => seen.includes(call.id))
    } finally {
      await consumer.stop()
      late.close()
    }
  })

  it('a producer created while no broker answers connects once one does, and its sends land', async () => {
    const topic = uniqueName('late-producer')
    await ensureTopics(kafka, [{ topic, partitions: 1 }])
    const late = await lateBroker(2_000, 1)
    const lines = recordingLogger()
    const started = Date.now()
    const lateProducer = await createProducer(late.kafka, { logger: lines })
    try {
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_500)
      expect(lines.lines.some((line) => line.msg === 'producer could not connect yet, retrying')).toBe(true)
      const [call] = makeCalls(1, uniqueName('late-send'))
      if (!call) throw new Error('no call made')
      const sent = await lateProducer.send(testCallV2(topic), call)
      expect(sent).toMatchObject({ topic, partition: 0, offset: '0' })
    } finally {
      await lateProducer.disconnect()
      late.close()
    }
  })

  it('a producer that may not retry fails at once while no broker answers', async () => {
    const late = await lateBroker(60_000, 1)
    const started = Date.now()
    try {
      await expect(createProducer(late.kafka, { connectDeadlineMs: 0 })).rejects.toThrow(
        /ECONNREFUSED|Connection/,
      )
      expect(Date.now() - started).toBeLessThan(2_000)
    } finally {
      late.close()
    }
  })
})

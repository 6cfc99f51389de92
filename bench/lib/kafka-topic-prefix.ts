// Loaded into a service process with `--import` by a benchmark: when BENCH_TOPIC_PREFIX is set,
// every topic the process produces to or subscribes to is `<prefix><topic>` on the broker, while
// the service's own code keeps seeing the contract's topic names. A benchmark's traffic then never
// reaches the consumers of other runs on the shared broker, and the service runs its real main.ts.
// Dead-letter topics (`<group>.dlq`) keep their names: the consumer group is the benchmark's own.
import { createRequire } from 'node:module'

interface Batch {
  topic: string
}
type Handler = (payload: Record<string, unknown>) => Promise<void>
interface KafkaClient {
  producer: (...args: unknown[]) => { send: Handler; sendBatch: Handler }
  consumer: (...args: unknown[]) => { subscribe: Handler; run: Handler }
}

const prefix = process.env.BENCH_TOPIC_PREFIX
if (prefix) {
  const fromKafkaLib = createRequire(new URL('../../libs/kafka/package.json', import.meta.url))
  const { Kafka } = fromKafkaLib('kafkajs') as { Kafka: { prototype: KafkaClient } }
  const outward = (topic: string): string =>
    topic.startsWith(prefix) || topic.endsWith('.dlq') ? topic : `${prefix}${topic}`
  const inward = (topic: string): string => (topic.startsWith(prefix) ? topic.slice(prefix.length) : topic)

  const producer = Kafka.prototype.producer
  Kafka.prototype.producer = function (this: KafkaClient, ...args: unknown[]) {
    const made = producer.apply(this, args)
    const { send, sendBatch } = made
    made.send = (record) => send.call(made, { ...record, topic: outward(String(record.topic)) })
    made.sendBatch = (batch) =>
      sendBatch.call(made, {
        ...batch,
        topicMessages: (batch.topicMessages as { topic: string }[]).map((t) => ({
          ...t,
          topic: outward(t.topic),
        })),
      })
    return made
  }

  const consumer = Kafka.prototype.consumer
  Kafka.prototype.consumer = function (this: KafkaClient, ...args: unknown[]) {
    const made = consumer.apply(this, args)
    const { subscribe, run } = made
    made.subscribe = (options) =>
      subscribe.call(made, {
        ...options,
        ...(options.topics ? { topics: (options.topics as string[]).map(outward) } : {}),
        ...(typeof options.topic === 'string' ? { topic: outward(options.topic) } : {}),
      })
    // Handlers see the contract's topic name; offsets are still committed on the broker's.
    const renamedBatch = (batch: Batch): Batch =>
      new Proxy(batch, {
        get: (target, key) => {
          if (key === 'topic') return inward(target.topic)
          const value: unknown = Reflect.get(target, key)
          return typeof value === 'function' ? (value as () => unknown).bind(target) : value
        },
      })
    made.run = (options) => {
      const eachBatch = options.eachBatch as Handler | undefined
      const eachMessage = options.eachMessage as Handler | undefined
      return run.call(made, {
        ...options,
        ...(eachBatch && {
          eachBatch: (payload: Record<string, unknown>) =>
            eachBatch({ ...payload, batch: renamedBatch(payload.batch as Batch) }),
        }),
        ...(eachMessage && {
          eachMessage: (payload: Record<string, unknown>) =>
            eachMessage({ ...payload, topic: inward(String(payload.topic)) }),
        }),
      })
    }
    return made
  }
}

import { createProducer, type EventProducer, type Kafka } from '@leadflow/kafka'

export interface LazyProducer extends Pick<EventProducer, 'sendEncoded'> {
  disconnect(): Promise<void>
}

/**
 * A producer that connects on first use and again after a failed connect, so the service
 * starts and keeps accepting webhooks (into the outbox) while Kafka is unreachable.
 */
export function lazyProducer(kafka: Kafka): LazyProducer {
  let producer: Promise<EventProducer> | undefined
  const connect = () =>
    (producer ??= createProducer(kafka).catch((err: unknown) => {
      producer = undefined
      throw err
    }))
  return {
    async sendEncoded(records) {
      const connected = await connect()
      await connected.sendEncoded(records)
    },
    async disconnect() {
      const pending = producer
      producer = undefined
      if (pending) await pending.then((p) => p.disconnect()).catch(() => undefined)
    },
  }
}

import { createProducer, type EventProducer, type Kafka } from '@leadflow/kafka'

/** What the relay publishes through, connecting on demand. */
export interface LazyProducer extends Pick<EventProducer, 'sendEncoded'> {
  disconnect(): Promise<void>
}

/**
 * A producer that connects on first use and again after a failed connect, so a service starts
 * (and `/readyz` reports Kafka) while the broker is down; the outbox keeps events meanwhile and
 * the relay retries.
 */
export function createLazyProducer(kafka: Kafka): LazyProducer {
  let connecting: Promise<EventProducer> | undefined
  let closed = false
  const connect = () => {
    // No retries of its own: the relay tries again on its next round.
    connecting ??= createProducer(kafka, { connectDeadlineMs: 0 }).catch((err: unknown) => {
      connecting = undefined
      throw err
    })
    return connecting
  }
  return {
    async sendEncoded(records) {
      if (closed) throw new Error('producer is closed')
      await (await connect()).sendEncoded(records)
    },
    async disconnect() {
      closed = true
      const pending = connecting
      connecting = undefined
      const producer = await pending?.catch(() => undefined)
      await producer?.disconnect()
    },
  }
}

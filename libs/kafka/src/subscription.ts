import type { Contract } from '@leadflow/contracts'
import { createEventReader } from './avro-serde.js'
import type { EventReader } from './avro-serde.js'
import type { KafkaLogger } from './kafka-logger.js'

/** What a handler gets besides the event. */
export interface MessageContext {
  /** Child logger bound to topic, partition, offset, eventId and traceId. */
  readonly log: KafkaLogger
  /** The `event-id` header (empty string when the producer did not send one). */
  readonly eventId: string
  readonly headers: Readonly<Record<string, string>>
  readonly key: string | null
  readonly topic: string
  readonly partition: number
  readonly offset: string
  /** 1 on the first delivery to this handler, 2 on the first retry, … */
  readonly attempt: number
  /** Keeps the consumer's group membership alive during long work (also done automatically). */
  heartbeat(): Promise<void>
  /**
   * Aborted when the consumer is stopping. A handler that gives up because of it leaves its
   * message uncommitted, so it is delivered again later; it is never dead-lettered for that.
   */
  readonly signal: AbortSignal
}

export type EventHandler<T> = (event: T, ctx: MessageContext) => Promise<void> | void

/** A handler bound to a contract: what `createConsumer` takes. */
export interface Subscription {
  readonly topic: string
  readonly eventType: string
  readonly reader: EventReader
  handle(event: unknown, ctx: MessageContext): Promise<void>
}

/** Subscribes `handler` to the events of `contract`. */
export function on<T>(contract: Contract<T>, handler: EventHandler<T>): Subscription {
  return {
    topic: contract.topic,
    eventType: contract.type,
    reader: createEventReader(contract),
    // The reader decodes with this contract's schema, so the value is a T.
    handle: async (event, ctx) => handler(event as T, ctx),
  }
}

import type { Schema } from 'avsc'

/**
 * One event stream: the topic it lives on, the Avro schema its values are written with,
 * and how its Kafka key is derived. Producers and consumers subscribe to contracts,
 * never to raw topic strings.
 */
export interface Contract<T> {
  /** Event type carried in the `event-type` header, e.g. `CallReceived`. */
  readonly type: string
  /** Kafka topic, `<owner>.<entity>.<past-tense>.v<major>`. */
  readonly topic: string
  /** The current (reader and writer) Avro schema. */
  readonly schema: Schema
  /** Every schema this contract has ever been written with, oldest first, current last. */
  readonly history: readonly Schema[]
  /** The message key: the aggregate id, so one aggregate's events stay in order. */
  readonly key: (event: T) => string
  /** Source event id used for the `event-id` header and idempotent effects. */
  readonly eventId: (event: T) => string
}

/** The event type a contract carries. */
export type EventOf<C> = C extends Contract<infer T> ? T : never

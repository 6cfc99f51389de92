import { context } from '@opentelemetry/api'
import type { Contract } from '@leadflow/contracts'
import { createEventWriter } from './avro-serde.js'
import type { EventWriter } from './avro-serde.js'
import { buildEventHeaders } from './event-headers.js'
import { traceHeadersFor } from './trace-context.js'

export interface EncodeOptions {
  /** When the fact happened (the `occurred-at` header); default: now. */
  readonly occurredAt?: Date
  /** Extra headers; the standard event headers always win. */
  readonly headers?: Readonly<Record<string, string>>
}

/** One event ready for the wire: Avro value, key and the standard headers (trace context included). */
export interface EncodedEvent {
  readonly topic: string
  readonly key: string
  readonly value: Buffer
  readonly headers: Record<string, string>
}

// One Avro writer per contract; a contract's writer only ever sees that contract's events.
const writers = new WeakMap<object, EventWriter<never>>()

function writerFor<T>(contract: Contract<T>): EventWriter<T> {
  let writer = writers.get(contract) as EventWriter<T> | undefined
  if (!writer) {
    writer = createEventWriter<T>(contract.schema)
    writers.set(contract, writer)
  }
  return writer
}

/**
 * Encodes an event exactly as the producer sends it. Stored in a transactional outbox, the
 * record keeps the trace context of the transaction that wrote it.
 */
export function encodeEvent<T>(contract: Contract<T>, event: T, options?: EncodeOptions): EncodedEvent {
  const writer = writerFor(contract)
  const trace = traceHeadersFor(context.active())
  return {
    topic: contract.topic,
    key: contract.key(event),
    value: writer.write(event),
    headers: buildEventHeaders({
      eventId: contract.eventId(event),
      eventType: contract.type,
      schemaFingerprint: writer.fingerprint,
      occurredAt: options?.occurredAt ?? new Date(),
      traceparent: trace.traceparent,
      tracestate: trace.tracestate,
      extra: options?.headers,
    }),
  }
}

import type { Contract } from '@leadflow/contracts'
import { encodeEvent, type EncodeOptions } from '@leadflow/kafka'

/** The columns of one `outbox` row, ready for `tx.outboxMessage.create({ data })`. */
export interface OutboxMessageData {
  topic: string
  key: string
  value: Uint8Array<ArrayBuffer>
  headers: Record<string, string>
}

/**
 * An event as an outbox row: encoded now (Avro value, key, standard headers with the current
 * trace context), published by the relay after the surrounding transaction commits.
 */
export function outboxMessage<T>(
  contract: Contract<T>,
  event: T,
  options?: EncodeOptions,
): OutboxMessageData {
  const encoded = encodeEvent(contract, event, options)
  return {
    topic: encoded.topic,
    key: encoded.key,
    value: new Uint8Array(encoded.value),
    headers: encoded.headers,
  }
}

import avro from 'avsc'
import type { Schema, Type } from 'avsc'

/** Avro `timestamp-millis` as a JavaScript `Date` (a `long` on the wire). */
class TimestampMillis extends avro.types.LogicalType {
  override _fromValue(value: number): Date {
    return new Date(value)
  }
  override _toValue(value: unknown): number | undefined {
    if (value instanceof Date) return value.getTime()
    if (typeof value === 'number' || typeof value === 'string') return new Date(value).getTime()
    return undefined
  }
  override _resolve(type: Type): ((value: unknown) => unknown) | undefined {
    // A timestamp-millis writer already decodes to a Date; a plain long writer decodes to millis.
    if (avro.Type.isType(type, 'logical:timestamp-millis')) return (value) => value
    if (avro.Type.isType(type, 'long')) return (value) => new Date(value as number)
    return undefined
  }
}

const logicalTypes = { 'timestamp-millis': TimestampMillis }

/**
 * Every Avro type in Leadflow is built here, so writers and readers agree on logical types
 * (instants are `Date` in code, `long` millis on the wire).
 */
export function createAvroType(schema: Schema): Type {
  return avro.Type.forSchema(schema, { logicalTypes, wrapUnions: false })
}

/** The sha256 fingerprint of a schema's canonical form, hex — the `schema-fingerprint` header. */
export function schemaFingerprint(schema: Schema): string {
  return createAvroType(schema).fingerprint('sha256').toString('hex')
}

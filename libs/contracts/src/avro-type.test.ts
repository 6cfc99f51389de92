import type { Schema } from 'avsc'
import { describe, expect, it } from 'vitest'
import { createAvroType, schemaFingerprint } from './avro-type.js'

const instant = { type: 'long', logicalType: 'timestamp-millis' }
const dueAt = { name: 'dueAt', type: ['null', instant], default: null }

/** A record whose `at` field has the given type (an instant unless told otherwise). */
function stamp(at: unknown = instant, extra: object = {}): Schema {
  return {
    type: 'record',
    name: 'Stamp',
    namespace: 'io.leadflow.events',
    fields: [{ name: 'at', type: at }, dueAt],
    ...extra,
  } as Schema
}
const withInstant = stamp()

describe('createAvroType', () => {
  const type = createAvroType(withInstant)

  it('writes Dates as millis and reads them back as Dates', () => {
    const at = new Date('2025-03-14T09:26:53.412Z')
    const decoded = type.fromBuffer(type.toBuffer({ at, dueAt: at })) as { at: unknown; dueAt: unknown }
    expect(decoded.at).toBeInstanceOf(Date)
    expect(decoded).toEqual({ at, dueAt: at })
    expect(type.fromBuffer(type.toBuffer({ at, dueAt: null }))).toEqual({ at, dueAt: null })
  })

  it('puts the millis on the wire as a plain long', () => {
    const asLong = createAvroType(stamp('long'))
    const written = type.toBuffer({ at: new Date(1_700_000_000_000), dueAt: null })
    expect(asLong.fromBuffer(written)).toEqual({ at: 1_700_000_000_000, dueAt: null })
  })

  it('reads data written by a schema with a plain long as Dates', () => {
    const asLong = createAvroType(stamp('long'))
    const decoded: unknown = type.fromBuffer(
      asLong.toBuffer({ at: 1_700_000_000_000, dueAt: null }),
      type.createResolver(asLong),
    )
    expect(decoded).toEqual({ at: new Date(1_700_000_000_000), dueAt: null })
  })

  it('rejects an invalid Date', () => {
    expect(type.isValid({ at: new Date('not a date'), dueAt: null })).toBe(false)
  })
})

describe('schemaFingerprint', () => {
  it('is the sha256 of the canonical form: stable for docs, different for a new field', () => {
    const documented = stamp(instant, { doc: 'A stamp.' })
    const extended = stamp(instant, {
      fields: [{ name: 'at', type: instant }, dueAt, { name: 'n', type: 'int' }],
    })
    expect(schemaFingerprint(withInstant)).toMatch(/^[0-9a-f]{64}$/)
    expect(schemaFingerprint(documented)).toBe(schemaFingerprint(withInstant))
    expect(schemaFingerprint(extended)).not.toBe(schemaFingerprint(withInstant))
  })
})

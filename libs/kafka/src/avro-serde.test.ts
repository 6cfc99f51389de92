import { schemaFingerprint } from '@leadflow/contracts'
import type { Schema } from 'avsc'
import { describe, expect, it } from 'vitest'
import { createEventReader, createEventWriter } from './avro-serde.js'
import { PoisonMessageError } from './kafka-errors.js'

const v1: Schema = {
  type: 'record',
  name: 'Thing',
  namespace: 'test.serde',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
}
const v2: Schema = {
  type: 'record',
  name: 'Thing',
  namespace: 'test.serde',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'channel', type: 'string', default: 'phone' },
  ],
}
const at = new Date('2025-03-01T10:00:00.000Z')

describe('event writer', () => {
  it('fingerprints the writer schema like the contracts library does', () => {
    expect(createEventWriter(v1).fingerprint).toBe(schemaFingerprint(v1))
  })

  it('names the fields that do not match the schema', () => {
    expect(() => createEventWriter(v2).write({ id: 7, at, channel: 'mail' })).toThrow(/at: id/)
  })
})

describe('event reader', () => {
  const reader = createEventReader({ schema: v2, history: [v1, v2] })

  it('reads the current schema as is', () => {
    const writer = createEventWriter(v2)
    expect(reader.read(writer.write({ id: 'a', at, channel: 'mail' }), writer.fingerprint)).toEqual({
      id: 'a',
      at,
      channel: 'mail',
    })
  })

  it('resolves an older writer schema, filling the added field with its default', () => {
    const writer = createEventWriter(v1)
    expect(reader.read(writer.write({ id: 'a', at }), writer.fingerprint)).toEqual({
      id: 'a',
      at,
      channel: 'phone',
    })
  })

  it.each([
    ['no fingerprint', Buffer.from([2, 97, 0]), undefined, /no schema-fingerprint/],
    ['an unknown fingerprint', Buffer.from([2, 97, 0]), 'f'.repeat(64), /unknown writer schema/],
    ['no value', null, schemaFingerprint(v2), /no value/],
    ['garbage bytes', Buffer.from('certainly not avro'), schemaFingerprint(v2), /cannot be decoded/],
  ])('treats a message with %s as poison', (_case, value, fingerprint, message) => {
    expect(() => reader.read(value, fingerprint)).toThrow(PoisonMessageError)
    expect(() => reader.read(value, fingerprint)).toThrow(message)
  })

  it('does not accept a newer schema the contract has never declared', () => {
    const older = createEventReader({ schema: v1, history: [v1] })
    const writer = createEventWriter(v2)
    expect(() => older.read(writer.write({ id: 'a', at, channel: 'x' }), writer.fingerprint)).toThrow(
      /unknown writer schema/,
    )
  })
})

import { createAvroType } from '@leadflow/contracts'
import type { Contract } from '@leadflow/contracts'
import type { Resolver, Schema, Type } from 'avsc'
import { PoisonMessageError } from './kafka-errors.js'

/** Encodes events of one contract with its current schema. */
export interface EventWriter<T> {
  /** sha256 hex fingerprint of the writer schema (the `schema-fingerprint` header). */
  readonly fingerprint: string
  /** Avro binary of the event; throws a `TypeError` naming the invalid fields. */
  write(event: T): Buffer
}

/** Decodes messages of one contract written with any schema in its history. */
export interface EventReader {
  /** The event in the contract's current shape; throws `PoisonMessageError` when impossible. */
  read(value: Buffer | null, writerFingerprint: string | undefined): unknown
}

function fingerprintOf(type: Type): string {
  return type.fingerprint('sha256').toString('hex')
}

export function createEventWriter<T>(schema: Schema): EventWriter<T> {
  const type = createAvroType(schema)
  return {
    fingerprint: fingerprintOf(type),
    write(event: T): Buffer {
      const invalid: string[] = []
      const valid = type.isValid(event, {
        errorHook: (path: string[]) => invalid.push(path.join('.') || '(root)'),
      })
      if (!valid) throw new TypeError(`event does not match its schema at: ${invalid.join(', ')}`)
      return type.toBuffer(event)
    },
  }
}

/**
 * A reader for the contract's current schema that resolves every schema the contract has
 * been written with (its history plus the current one), looked up by fingerprint.
 */
export function createEventReader(contract: Pick<Contract<unknown>, 'schema' | 'history'>): EventReader {
  const reader = createAvroType(contract.schema)
  const readerFingerprint = fingerprintOf(reader)
  const resolvers = new Map<string, Resolver | undefined>([[readerFingerprint, undefined]])
  for (const schema of contract.history) {
    const writer = createAvroType(schema)
    const fingerprint = fingerprintOf(writer)
    if (!resolvers.has(fingerprint)) resolvers.set(fingerprint, reader.createResolver(writer))
  }
  return {
    read(value, writerFingerprint) {
      if (!writerFingerprint) throw new PoisonMessageError('message has no schema-fingerprint header')
      if (!resolvers.has(writerFingerprint)) {
        throw new PoisonMessageError(`unknown writer schema fingerprint ${writerFingerprint}`)
      }
      if (!value) throw new PoisonMessageError('message has no value')
      try {
        return reader.fromBuffer(value, resolvers.get(writerFingerprint), false) as unknown
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err)
        throw new PoisonMessageError(`value cannot be decoded: ${reason}`, { cause: err })
      }
    },
  }
}

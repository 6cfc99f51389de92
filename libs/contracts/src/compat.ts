import { isDeepStrictEqual } from 'node:util'
import type { Schema, Type, types } from 'avsc'
import { createAvroType } from './avro-type.js'
import { historyFileName } from './schema-tree.js'
import type { SchemaProblem, SchemaSubject } from './schema-tree.js'

/** Namespace every Leadflow event record lives in. */
export const eventNamespace = 'io.leadflow.events'

const sampleInstant = 1_700_000_000_000
const maxSampleDepth = 8

/**
 * A deterministic value of `type`: `minimal` takes nulls and empty collections, `full` takes
 * the non-null branch of every union and one element in every collection.
 */
function sampleValue(type: Type, mode: 'minimal' | 'full', depth = 0): unknown {
  const next = depth > maxSampleDepth ? 'minimal' : mode
  switch (type.typeName) {
    case 'null':
      return null
    case 'boolean':
      return true
    case 'int':
      return 7
    case 'long':
      return sampleInstant
    case 'float':
    case 'double':
      return 1.5
    case 'string':
      return 'sample'
    case 'bytes':
      return Buffer.from('sample')
    case 'fixed':
      return Buffer.alloc((type as types.FixedType).size)
    case 'enum': {
      const symbols = (type as types.EnumType).symbols
      return next === 'minimal' ? symbols[0] : symbols[symbols.length - 1]
    }
    case 'array': {
      const items = (type as types.ArrayType).itemsType
      return next === 'minimal' ? [] : [sampleValue(items, next, depth + 1)]
    }
    case 'map': {
      const values = (type as types.MapType).valuesType as Type
      return next === 'minimal' ? {} : { key: sampleValue(values, next, depth + 1) }
    }
    case 'record':
    case 'error': {
      const fields = (type as types.RecordType).fields
      return Object.fromEntries(fields.map((f) => [f.name, sampleValue(f.type, next, depth + 1)]))
    }
    case 'logical:timestamp-millis':
      return new Date(sampleInstant)
    default: {
      if (type.typeName.startsWith('union')) {
        const branches = (type as types.UnwrappedUnionType).types
        const branch =
          next === 'minimal' ? branches[0] : (branches.find((b) => b.typeName !== 'null') ?? branches[0])
        return branch === undefined ? null : sampleValue(branch, next, depth + 1)
      }
      return type.random()
    }
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/**
 * Why data written with `writer` cannot be read with `reader`, or `undefined` when it can:
 * the schema resolution must succeed and sample values must survive the round trip.
 */
export function readError(reader: Schema, writer: Schema): string | undefined {
  let readerType: Type
  let writerType: Type
  try {
    readerType = createAvroType(reader)
    writerType = createAvroType(writer)
  } catch (err) {
    return `not a valid Avro schema: ${messageOf(err)}`
  }
  let resolver: ReturnType<Type['createResolver']>
  try {
    resolver = readerType.createResolver(writerType)
  } catch (err) {
    return messageOf(err)
  }
  for (const mode of ['minimal', 'full'] as const) {
    try {
      const written = writerType.toBuffer(sampleValue(writerType, mode))
      const read: unknown = readerType.fromBuffer(written, resolver)
      if (!readerType.isValid(read)) return `a ${mode} sample decodes to an invalid value`
    } catch (err) {
      return `a ${mode} sample does not round-trip: ${messageOf(err)}`
    }
  }
  return undefined
}

function shapeProblems(schema: Schema): string[] {
  let type: Type
  try {
    type = createAvroType(schema)
  } catch (err) {
    return [`not a valid Avro schema: ${messageOf(err)}`]
  }
  if (type.typeName !== 'record') return [`the top-level type must be a record, found ${type.typeName}`]
  if (!type.name?.startsWith(`${eventNamespace}.`)) {
    return [`record ${type.name ?? '(anonymous)'} must be in namespace ${eventNamespace}`]
  }
  return []
}

/**
 * Checks one subject on its own: the current schema equals the last history version, every
 * history version reads all earlier ones (released versions are never edited), and the current
 * schema reads data written with every version.
 */
export function checkSubject(subject: SchemaSubject): SchemaProblem[] {
  const problems: string[] = []
  const { name, current, history } = subject
  const file = (index: number): string => `history/${name}/${historyFileName(index + 1)}`

  problems.push(...shapeProblems(current))
  if (problems.length > 0) return problems.map((message) => ({ subject: name, message }))

  const last = history[history.length - 1]
  if (last === undefined) {
    problems.push(`no history: copy ${name}.avsc to ${file(0)}`)
  } else if (!isDeepStrictEqual(current, last)) {
    problems.push(
      `${name}.avsc differs from the last released version ${file(history.length - 1)}: ` +
        `snapshot it as ${file(history.length)} (released versions are never edited)`,
    )
  }

  history.forEach((reader, i) => {
    for (let j = 0; j < i; j += 1) {
      const error = readError(reader, history[j] as Schema)
      if (error !== undefined) {
        problems.push(`${file(i)} cannot read data written with ${file(j)}: ${error}`)
      }
    }
  })
  if (last !== undefined && !isDeepStrictEqual(current, last)) {
    history.forEach((writer, j) => {
      const error = readError(current, writer)
      if (error !== undefined)
        problems.push(`${name}.avsc cannot read data written with ${file(j)}: ${error}`)
    })
  }
  return problems.map((message) => ({ subject: name, message }))
}

/**
 * Compares the working tree with a base revision: no subject disappears, no released history
 * version is changed or deleted, and the current schema reads what the base wrote.
 */
export function checkAgainstBase(
  subjects: readonly SchemaSubject[],
  base: readonly SchemaSubject[],
  baseLabel: string,
): SchemaProblem[] {
  const problems: SchemaProblem[] = []
  const byName = new Map(subjects.map((s) => [s.name, s]))
  for (const before of base) {
    const report = (message: string): void => {
      problems.push({ subject: before.name, message })
    }
    const now = byName.get(before.name)
    if (now === undefined) {
      report(`exists at ${baseLabel} but was removed; retire a contract with a new major version instead`)
      continue
    }
    before.history.forEach((released, i) => {
      const path = `history/${before.name}/${historyFileName(i + 1)}`
      const kept = now.history[i]
      if (kept === undefined) report(`${path} was released at ${baseLabel} and must not be deleted`)
      else if (!isDeepStrictEqual(kept, released)) {
        report(`${path} was edited since ${baseLabel}; released versions are immutable, add a new version`)
      }
    })
    const error = readError(now.current, before.current)
    if (error !== undefined) report(`${before.name}.avsc cannot read data written at ${baseLabel}: ${error}`)
  }
  return problems
}

/** Every check over a whole schema directory, optionally against a base revision. */
export function checkSchemas(
  subjects: readonly SchemaSubject[],
  base?: { readonly subjects: readonly SchemaSubject[]; readonly label: string },
): SchemaProblem[] {
  const problems = subjects.flatMap(checkSubject)
  if (base !== undefined) problems.push(...checkAgainstBase(subjects, base.subjects, base.label))
  return problems
}

import type { Schema } from 'avsc'
import { describe, expect, it } from 'vitest'
import { checkAgainstBase, checkSchemas, checkSubject, readError } from './compat.js'
import type { SchemaProblem, SchemaSubject } from './schema-tree.js'

/** Problems as `subject: message` lines, easy to match. */
const lines = (problems: SchemaProblem[]): string[] => problems.map((p) => `${p.subject}: ${p.message}`)

type Field = { name: string; type: unknown; default?: unknown; aliases?: string[] }

const instant = { type: 'long', logicalType: 'timestamp-millis' }
const statusEnum = { type: 'enum', name: 'LeadStatus', symbols: ['new', 'won', 'lost'] }
const baseFields: Field[] = [
  { name: 'leadId', type: 'string' },
  { name: 'status', type: statusEnum },
  { name: 'attempts', type: 'int' },
  { name: 'createdAt', type: instant },
]

function record(fields: Field[], extra: Record<string, unknown> = {}): Schema {
  return { type: 'record', name: 'LeadThing', namespace: 'io.leadflow.events', fields, ...extra } as Schema
}

const v1 = record(baseFields)
const replaceField = (name: string, field: Field): Field[] =>
  baseFields.map((f) => (f.name === name ? field : f))

/** A subject whose second released version (also the current schema) is `next`. */
const evolvedTo = (next: Schema): SchemaSubject => ({
  name: 'lead-thing.v1',
  current: next,
  history: [v1, next],
})

describe('checkSubject: evolving a schema', () => {
  it.each([
    {
      change: 'adding an optional field with a default',
      next: record([...baseFields, { name: 'note', type: ['null', 'string'], default: null }]),
      problem: undefined,
    },
    {
      change: 'adding a collection field with an empty default',
      next: record([...baseFields, { name: 'tags', type: { type: 'array', items: 'string' }, default: [] }]),
      problem: undefined,
    },
    {
      change: 'adding an enum symbol',
      next: record(
        replaceField('status', {
          name: 'status',
          type: { ...statusEnum, symbols: ['new', 'won', 'lost', 'spam'] },
        }),
      ),
      problem: undefined,
    },
    {
      change: 'making a field nullable',
      next: record(replaceField('leadId', { name: 'leadId', type: ['null', 'string'], default: null })),
      problem: undefined,
    },
    {
      change: 'promoting int to long',
      next: record(replaceField('attempts', { name: 'attempts', type: 'long' })),
      problem: undefined,
    },
    {
      change: 'renaming a field with an alias',
      next: record(replaceField('leadId', { name: 'id', type: 'string', aliases: ['leadId'] })),
      problem: undefined,
    },
    {
      change: 'adding a required field without a default',
      next: record([...baseFields, { name: 'ownerId', type: 'string' }]),
      problem: /cannot read data written with history\/lead-thing\.v1\/0001\.avsc: .*ownerId/,
    },
    {
      change: 'removing an enum symbol',
      next: record(
        replaceField('status', { name: 'status', type: { ...statusEnum, symbols: ['new', 'won'] } }),
      ),
      problem: /0002\.avsc cannot read data written with .*0001\.avsc: cannot read .*LeadStatus/,
    },
    {
      change: 'changing a field from string to int',
      next: record(replaceField('leadId', { name: 'leadId', type: 'int' })),
      problem: /cannot read "string" as "int"/,
    },
    {
      change: 'renaming a field without an alias',
      next: record(replaceField('leadId', { name: 'id', type: 'string' })),
      problem: /default-less .*LeadThing\.id/,
    },
    {
      change: 'renaming the record without an alias',
      next: { ...(v1 as object), name: 'LeadThingRenamed' } as Schema,
      problem: /no alias found/,
    },
  ])('$change', ({ next, problem }) => {
    const problems = checkSubject(evolvedTo(next)).map((p) => p.message)
    if (problem === undefined) expect(problems).toEqual([])
    else expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(problem)]))
  })
})

describe('checkSubject: history discipline', () => {
  const withNote = record([...baseFields, { name: 'note', type: ['null', 'string'], default: null }])

  it('accepts a subject whose current schema is its last released version', () => {
    expect(checkSubject({ name: 'lead-thing.v1', current: withNote, history: [v1, withNote] })).toEqual([])
  })

  it('catches a current schema that was changed without snapshotting a new history version', () => {
    const problems = checkSubject({ name: 'lead-thing.v1', current: withNote, history: [v1] })
    expect(lines(problems)).toEqual([
      expect.stringMatching(
        /^lead-thing\.v1: .*differs from the last released version .*0001\.avsc: snapshot it as .*0002\.avsc/,
      ),
    ])
  })

  it('still reports an incompatible current schema that was not snapshotted', () => {
    const incompatible = record([...baseFields, { name: 'ownerId', type: 'string' }])
    const messages = checkSubject({ name: 'lead-thing.v1', current: incompatible, history: [v1] }).map(
      (p) => p.message,
    )
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/lead-thing\.v1\.avsc cannot read data written with .*0001/),
      ]),
    )
  })

  it('catches an edited history file that later versions can no longer read', () => {
    const editedFirst = record(replaceField('attempts', { name: 'attempts', type: 'string' }))
    const problems = checkSubject({
      name: 'lead-thing.v1',
      current: withNote,
      history: [editedFirst, withNote],
    })
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/0002\.avsc cannot read data written with history\/lead-thing\.v1\/0001\.avsc/),
    ])
  })

  it('catches a subject with no history at all', () => {
    expect(lines(checkSubject({ name: 'lead-thing.v1', current: v1, history: [] }))).toEqual([
      expect.stringMatching(/^lead-thing\.v1: no history/),
    ])
  })

  it.each([
    {
      shape: 'a record outside io.leadflow.events',
      schema: record(baseFields, { namespace: 'com.example' }),
    },
    { shape: 'a bare string', schema: 'string' satisfies Schema },
    {
      shape: 'an invalid schema',
      schema: { type: 'record', name: 'X', fields: [{ name: 'a', type: 'nope' }] } satisfies Schema,
    },
  ])('rejects $shape as an event schema', ({ schema }) => {
    expect(checkSubject({ name: 'lead-thing.v1', current: schema, history: [schema] })).toHaveLength(1)
  })
})

describe('checkAgainstBase', () => {
  const withNote = record([...baseFields, { name: 'note', type: ['null', 'string'], default: null }])
  const base: SchemaSubject[] = [{ name: 'lead-thing.v1', current: v1, history: [v1] }]

  it('accepts a new version added on top of the released ones', () => {
    const now: SchemaSubject[] = [{ name: 'lead-thing.v1', current: withNote, history: [v1, withNote] }]
    expect(checkSchemas(now, { subjects: base, label: 'origin/main' })).toEqual([])
  })

  it('catches an edit to a released history file, even a compatible one', () => {
    const now: SchemaSubject[] = [{ name: 'lead-thing.v1', current: withNote, history: [withNote] }]
    expect(lines(checkAgainstBase(now, base, 'origin/main'))).toEqual([
      expect.stringMatching(
        /^lead-thing\.v1: .*0001\.avsc was edited since origin\/main; released versions are immutable/,
      ),
    ])
  })

  it('catches a deleted history file and a current schema that cannot read the base', () => {
    const incompatible = record(replaceField('leadId', { name: 'leadId', type: 'int' }))
    const now: SchemaSubject[] = [{ name: 'lead-thing.v1', current: incompatible, history: [] }]
    expect(checkAgainstBase(now, base, 'origin/main').map((p) => p.message)).toEqual([
      expect.stringMatching(/0001\.avsc was released at origin\/main and must not be deleted/),
      expect.stringMatching(/cannot read data written at origin\/main: cannot read "string" as "int"/),
    ])
  })

  it('catches a removed subject', () => {
    expect(lines(checkAgainstBase([], base, 'origin/main'))).toEqual([
      expect.stringMatching(/^lead-thing\.v1: exists at origin\/main but was removed/),
    ])
  })
})

describe('readError', () => {
  it('reads a timestamp written as a plain long into a Date-valued field', () => {
    const plain = record(replaceField('createdAt', { name: 'createdAt', type: 'long' }))
    expect(readError(v1, plain)).toBeUndefined()
  })

  it('explains why a reader cannot read a writer', () => {
    const intId = record(replaceField('leadId', { name: 'leadId', type: 'int' }))
    expect(readError(intId, v1)).toMatch(/cannot read "string" as "int"/)
  })
})

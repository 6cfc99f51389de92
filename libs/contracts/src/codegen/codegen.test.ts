import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadSchemaTree } from '../schema-files.js'
import { renderSchemasModule } from './render-schemas.js'
import { renderTypesModule } from './render-types.js'
import type { SchemaSubject } from '../schema-tree.js'

const packageRoot = join(import.meta.dirname, '..', '..')

describe('generated modules', () => {
  const tree = loadSchemaTree(join(packageRoot, 'schemas'))

  it.each([
    ['schemas.ts', renderSchemasModule],
    ['types.ts', renderTypesModule],
  ])(
    'src/generated/%s matches the .avsc files (run `pnpm --filter @leadflow/contracts generate`)',
    (file, render) => {
      expect(tree.problems).toEqual([])
      const committed = readFileSync(join(packageRoot, 'src', 'generated', file), 'utf8')
      expect(committed).toBe(render(tree.subjects))
    },
  )
})

describe('renderTypesModule', () => {
  const subject = (name: string, fields: unknown[], extra: object = {}): SchemaSubject => {
    const schema = { type: 'record', name: 'Thing', namespace: 'io.leadflow.events', fields, ...extra }
    return { name, current: schema as SchemaSubject['current'], history: [] }
  }

  it('maps Avro types to the TypeScript values avsc produces', () => {
    const source = renderTypesModule([
      subject('thing.v2', [
        { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' }, doc: 'When.' },
        { name: 'dueAt', type: ['null', { type: 'long', logicalType: 'timestamp-millis' }], default: null },
        { name: 'count', type: 'long' },
        { name: 'tags', type: { type: 'array', items: 'string' } },
        { name: 'maybe', type: { type: 'array', items: ['null', 'int'] } },
        { name: 'utm', type: { type: 'map', values: 'string' } },
        { name: 'kind', type: { type: 'enum', name: 'ThingKind', symbols: ['a', 'b_c'] } },
        { name: 'again', type: 'ThingKind' },
        { name: 'part', type: { type: 'record', name: 'Part', fields: [{ name: 'ok', type: 'boolean' }] } },
      ]),
    ])
    expect(source).toContain("export type ThingKind = 'a' | 'b_c'\n")
    expect(source).toContain('export interface Part {\n  ok: boolean\n}\n')
    expect(source).toContain(
      [
        'export interface ThingV2 {',
        '  /** When. */',
        '  at: Date',
        '  dueAt: Date | null',
        '  count: number',
        '  tags: string[]',
        '  maybe: Array<number | null>',
        '  utm: Record<string, string>',
        '  kind: ThingKind',
        '  again: ThingKind',
        '  part: Part',
        '}',
      ].join('\n'),
    )
  })

  it('refuses two schemas that declare the same type name differently', () => {
    const kind = (symbols: string[]): unknown => ({
      name: 'k',
      type: { type: 'enum', name: 'Kind', symbols },
    })
    expect(() =>
      renderTypesModule([
        subject('a-thing.v1', [kind(['x'])], { name: 'A' }),
        subject('b-thing.v1', [kind(['y'])], { name: 'B' }),
      ]),
    ).toThrow(/type Kind is declared differently/)
  })
})

import type { SchemaSubject } from '../schema-tree.js'
import { docComment, generatedHeader, majorSuffix } from './names.js'

type Json = Record<string, unknown>

const primitives: Readonly<Record<string, string>> = {
  null: 'null',
  boolean: 'boolean',
  int: 'number',
  long: 'number',
  float: 'number',
  double: 'number',
  bytes: 'Buffer',
  string: 'string',
}

interface Scope {
  readonly subject: string
  /** Full Avro name → TypeScript name, for references to named types already declared. */
  readonly named: Map<string, string>
  /** TypeScript name → declaration, shared by all subjects. */
  readonly declarations: Map<string, string>
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function fullName(name: string, namespace: string | undefined): string {
  return name.includes('.') || namespace === undefined ? name : `${namespace}.${name}`
}

function shortName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1)
}

function declare(scope: Scope, tsName: string, declaration: string): void {
  const existing = scope.declarations.get(tsName)
  if (existing !== undefined && existing !== declaration) {
    throw new Error(`${scope.subject}: type ${tsName} is declared differently by another schema; rename it`)
  }
  scope.declarations.set(tsName, declaration)
}

function namedType(schema: Json, namespace: string | undefined, scope: Scope, tsName?: string): string {
  const name = String(schema['name'])
  const ns = typeof schema['namespace'] === 'string' ? schema['namespace'] : namespace
  const full = fullName(name, ns)
  const innerNs = full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : undefined
  const ts = tsName ?? shortName(name)
  scope.named.set(full, ts)
  const doc = docComment(schema['doc'], '')

  if (schema['type'] === 'enum') {
    const symbols = (schema['symbols'] as string[]).map((s) => `'${s}'`).join(' | ')
    declare(scope, ts, `${doc}export type ${ts} = ${symbols}\n`)
    return ts
  }
  if (schema['type'] === 'fixed') {
    scope.named.set(full, 'Buffer')
    return 'Buffer'
  }
  const fields = (schema['fields'] as Json[]).map((field) => {
    const type = tsType(field['type'], innerNs, scope)
    return `${docComment(field['doc'], '  ')}  ${String(field['name'])}: ${type}\n`
  })
  declare(scope, ts, `${doc}export interface ${ts} {\n${fields.join('')}}\n`)
  return ts
}

function tsType(schema: unknown, namespace: string | undefined, scope: Scope): string {
  if (typeof schema === 'string') {
    const primitive = primitives[schema]
    if (primitive !== undefined) return primitive
    const ref = scope.named.get(fullName(schema, namespace)) ?? scope.named.get(schema)
    if (ref === undefined) throw new Error(`${scope.subject}: unknown type ${schema}`)
    return ref
  }
  if (Array.isArray(schema)) {
    // `T | null`: null goes last, the way TypeScript code usually spells it.
    const branches = schema.map((branch) => tsType(branch, namespace, scope))
    return [...branches.filter((b) => b !== 'null'), ...branches.filter((b) => b === 'null')].join(' | ')
  }
  if (!isObject(schema)) throw new Error(`${scope.subject}: unsupported schema ${JSON.stringify(schema)}`)

  const { type } = schema
  if (type === 'long' && schema['logicalType'] === 'timestamp-millis') return 'Date'
  switch (type) {
    case 'record':
    case 'error':
    case 'enum':
    case 'fixed':
      return namedType(schema, namespace, scope)
    case 'array': {
      const items = tsType(schema['items'], namespace, scope)
      return items.includes('|') ? `Array<${items}>` : `${items}[]`
    }
    case 'map':
      return `Record<string, ${tsType(schema['values'], namespace, scope)}>`
    default:
      return tsType(type, namespace, scope)
  }
}

/**
 * The `generated/types.ts` module: one interface per subject named `<Record>V<major>`, plus
 * the named enums and records it uses. Instants (`timestamp-millis`) are `Date`, longs are
 * `number`, nullable unions are `T | null`, maps are `Record<string, T>`.
 */
export function renderTypesModule(subjects: readonly SchemaSubject[]): string {
  const declarations = new Map<string, string>()
  for (const subject of [...subjects].sort((a, b) => a.name.localeCompare(b.name))) {
    const scope: Scope = { subject: subject.name, named: new Map(), declarations }
    const schema = subject.current
    if (!isObject(schema) || schema['type'] !== 'record') {
      throw new Error(`${subject.name}: the top-level type must be a record`)
    }
    namedType(schema, undefined, scope, `${shortName(String(schema['name']))}${majorSuffix(subject.name)}`)
  }
  return [generatedHeader, ...declarations.values()].join('\n')
}

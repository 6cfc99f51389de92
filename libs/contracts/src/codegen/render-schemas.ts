import type { SchemaSubject } from '../schema-tree.js'
import { generatedHeader, subjectIdentifier } from './names.js'

function json(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`)
}

/**
 * The `generated/schemas.ts` module: for every subject its current schema
 * (`<subject>Schema`) and every released version, oldest first (`<subject>History`).
 */
export function renderSchemasModule(subjects: readonly SchemaSubject[]): string {
  const parts = [generatedHeader, "import type { Schema } from 'avsc'\n"]
  for (const subject of [...subjects].sort((a, b) => a.name.localeCompare(b.name))) {
    const id = subjectIdentifier(subject.name)
    const history = subject.history.map((schema) => `  ${json(schema, '  ')},\n`).join('')
    parts.push(
      `/** schemas/${subject.name}.avsc */\nexport const ${id}Schema: Schema = ${json(subject.current, '')}\n`,
      `/** schemas/history/${subject.name}/*.avsc, oldest first */\n` +
        `export const ${id}History: readonly Schema[] = [\n${history}]\n`,
    )
  }
  return parts.join('\n')
}

import { existsSync, readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { checkSchemas } from '../src/compat.js'
import { renderSchemasModule } from '../src/codegen/render-schemas.js'
import { renderTypesModule } from '../src/codegen/render-types.js'
import { loadSchemaTree } from '../src/schema-files.js'
import { parseSchemaTree } from '../src/schema-tree.js'
import type { SchemaProblem, SchemaSubject } from '../src/schema-tree.js'
import { readFilesAtRevision } from './git-revision.js'
import { packagePaths, packageRoot } from './paths.js'

// Checks that every schema change is backward compatible; exits 1 listing each problem.
// Usage: check-compat [--base <git revision>] [--dir <package directory>]
// The base revision may also come from CONTRACTS_BASE_REF; without one, only the working tree is checked.
const { values } = parseArgs({ options: { base: { type: 'string' }, dir: { type: 'string' } } })
const paths = packagePaths(values.dir ?? packageRoot)
const baseRef = values.base ?? process.env['CONTRACTS_BASE_REF']

const tree = loadSchemaTree(paths.schemas)
let base: { subjects: readonly SchemaSubject[]; label: string } | undefined
if (baseRef !== undefined && baseRef !== '') {
  const atBase = readFilesAtRevision(paths.schemas, baseRef)
  if (atBase.skipped === undefined)
    base = { subjects: parseSchemaTree(atBase.files).subjects, label: baseRef }
  else process.stdout.write(`contracts: skipping the comparison with ${baseRef}: ${atBase.skipped}\n`)
}

const problems: SchemaProblem[] = [...tree.problems, ...checkSchemas(tree.subjects, base)]
if (tree.problems.length === 0) {
  const generated: ReadonlyArray<[string, () => string]> = [
    [paths.generatedSchemas, () => renderSchemasModule(tree.subjects)],
    [paths.generatedTypes, () => renderTypesModule(tree.subjects)],
  ]
  for (const [file, render] of generated) {
    try {
      if (!existsSync(file) || readFileSync(file, 'utf8') !== render()) {
        problems.push({
          subject: 'generated',
          message: `${file} is stale: run pnpm --filter @leadflow/contracts generate`,
        })
      }
    } catch (err) {
      problems.push({ subject: 'generated', message: err instanceof Error ? err.message : String(err) })
    }
  }
}

if (problems.length > 0) {
  for (const problem of problems) process.stderr.write(`contracts: ${problem.subject}: ${problem.message}\n`)
  process.stderr.write(`contracts: ${problems.length} problem(s)\n`)
  process.exit(1)
}
const versions = tree.subjects.reduce((sum, s) => sum + s.history.length, 0)
const against = base === undefined ? '' : `, compared with ${base.label}`
process.stdout.write(
  `contracts: ${tree.subjects.length} schemas, ${versions} released versions compatible${against}\n`,
)

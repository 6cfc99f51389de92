import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { renderSchemasModule } from '../src/codegen/render-schemas.js'
import { renderTypesModule } from '../src/codegen/render-types.js'
import { loadSchemaTree } from '../src/schema-files.js'
import { packagePaths, packageRoot } from './paths.js'

// Regenerates src/generated/{schemas,types}.ts from schemas/**/*.avsc.
const paths = packagePaths(packageRoot)
const tree = loadSchemaTree(paths.schemas)
if (tree.problems.length > 0) {
  for (const problem of tree.problems)
    process.stderr.write(`contracts: ${problem.subject}: ${problem.message}\n`)
  process.exit(1)
}
mkdirSync(dirname(paths.generatedSchemas), { recursive: true })
writeFileSync(paths.generatedSchemas, renderSchemasModule(tree.subjects))
writeFileSync(paths.generatedTypes, renderTypesModule(tree.subjects))
process.stdout.write(`contracts: generated ${tree.subjects.length} schemas into src/generated\n`)

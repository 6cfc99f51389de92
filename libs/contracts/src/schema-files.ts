import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseSchemaTree } from './schema-tree.js'
import type { SchemaTree } from './schema-tree.js'

/** Every file under `dir` as `relative/path → text` (paths use `/`). */
export function readSchemaFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>()
  const walk = (relative: string): void => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) files.set(path, readFileSync(join(dir, path), 'utf8'))
    }
  }
  walk('')
  return files
}

/** The schema directory `dir` (normally `libs/contracts/schemas`) read from disk. */
export function loadSchemaTree(dir: string): SchemaTree {
  return parseSchemaTree(readSchemaFiles(dir))
}

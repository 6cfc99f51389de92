import type { Schema } from 'avsc'

/**
 * One schema subject: `schemas/<name>.avsc` (current) plus every released version under
 * `schemas/history/<name>/0001.avsc`, `0002.avsc`, … (oldest first).
 */
export interface SchemaSubject {
  /** File stem, e.g. `call-received.v1`. */
  readonly name: string
  readonly current: Schema
  readonly history: readonly Schema[]
}

/** Something wrong with a subject, stated so the person changing the schema knows what to do. */
export interface SchemaProblem {
  readonly subject: string
  readonly message: string
}

export interface SchemaTree {
  readonly subjects: readonly SchemaSubject[]
  readonly problems: readonly SchemaProblem[]
}

const subjectName = /^[a-z][a-z0-9-]*\.v[1-9][0-9]*$/
const currentPath = /^([^/]+)\.avsc$/
const historyPath = /^history\/([^/]+)\/([^/]+)$/
const versionFile = /^(\d{4})\.avsc$/

/** `1` → `0001.avsc`, the file name of a history version. */
export function historyFileName(version: number): string {
  return `${String(version).padStart(4, '0')}.avsc`
}

function parseJson(text: string): { value: Schema } | { error: string } {
  try {
    return { value: JSON.parse(text) as Schema }
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) }
  }
}

/**
 * Reads a schema directory given as `relative path → file text` (from disk or from a git
 * revision). Layout mistakes and unparsable files become problems; a subject with any of
 * them is left out of `subjects`.
 */
export function parseSchemaTree(files: ReadonlyMap<string, string>): SchemaTree {
  const problems: SchemaProblem[] = []
  const currents = new Map<string, string>()
  const histories = new Map<string, Map<number, string>>()
  const misnamed = new Map<string, string[]>()

  for (const [path, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const current = currentPath.exec(path)
    const history = historyPath.exec(path)
    if (current?.[1] !== undefined) {
      currents.set(current[1], text)
    } else if (history?.[1] !== undefined && history[2] !== undefined) {
      const version = versionFile.exec(history[2])?.[1]
      if (version === undefined) {
        misnamed.set(history[1], [...(misnamed.get(history[1]) ?? []), path])
        continue
      }
      const versions = histories.get(history[1]) ?? new Map<number, string>()
      versions.set(Number(version), text)
      histories.set(history[1], versions)
    } else if (path.endsWith('.avsc')) {
      problems.push({ subject: path, message: `${path}: unexpected location for a schema file` })
    }
  }

  const subjects: SchemaSubject[] = []
  const names = [...new Set([...currents.keys(), ...histories.keys(), ...misnamed.keys()])].sort()
  for (const name of names) {
    const own: SchemaProblem[] = []
    const report = (message: string): void => {
      own.push({ subject: name, message })
    }
    if (!subjectName.test(name))
      report(`name must look like <entity>-<event>.v<major>, e.g. call-received.v1`)

    for (const path of misnamed.get(name) ?? [])
      report(`${path}: history files are named 0001.avsc, 0002.avsc, …`)

    const currentText = currents.get(name)
    const current = currentText === undefined ? undefined : parseJson(currentText)
    if (current === undefined) report(`history exists but ${name}.avsc does not`)
    else if ('error' in current) report(`${name}.avsc is not valid JSON: ${current.error}`)

    const versions = histories.get(name) ?? new Map<number, string>()
    if (versions.size === 0) report(`no history: copy ${name}.avsc to history/${name}/0001.avsc`)
    const numbers = [...versions.keys()].sort((a, b) => a - b)
    if (numbers.some((n, i) => n !== i + 1)) {
      report(
        `history versions must be consecutive from 0001, found ${numbers.map(historyFileName).join(', ')}`,
      )
    }
    const history: Schema[] = []
    for (const n of numbers) {
      const parsed = parseJson(versions.get(n) ?? '')
      if ('error' in parsed)
        report(`history/${name}/${historyFileName(n)} is not valid JSON: ${parsed.error}`)
      else history.push(parsed.value)
    }

    if (own.length > 0 || current === undefined || 'error' in current) problems.push(...own)
    else subjects.push({ name, current: current.value, history })
  }
  return { subjects, problems }
}

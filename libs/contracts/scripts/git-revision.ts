import { execFileSync } from 'node:child_process'

export type RevisionFiles =
  { readonly files: Map<string, string>; readonly skipped?: undefined } | { readonly skipped: string }

function git(cwd: string, args: readonly string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 << 20,
  })
}

/**
 * The files under `dir` as they were at git revision `rev` (`relative/path → text`), or why
 * that cannot be read: not a git checkout, or the revision does not exist (e.g. a shallow clone).
 */
export function readFilesAtRevision(dir: string, rev: string): RevisionFiles {
  let prefix: string
  try {
    prefix = git(dir, ['rev-parse', '--show-prefix']).trim()
  } catch {
    return { skipped: `${dir} is not inside a git checkout` }
  }
  try {
    git(dir, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])
  } catch {
    return { skipped: `revision ${rev} is not available` }
  }
  const files = new Map<string, string>()
  const listed = git(dir, ['ls-tree', '-r', '--name-only', '--full-tree', '-z', rev, '--', prefix])
  for (const path of listed.split('\0').filter((p) => p.length > 0)) {
    files.set(path.slice(prefix.length), git(dir, ['show', `${rev}:${path}`]))
  }
  return { files }
}

import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

// Runs the real `check` CLI against a copy of this package's schemas in a throw-away git repository.
const run = promisify(execFile)
const packageRoot = join(import.meta.dirname, '..')
const cli = join(packageRoot, 'scripts', 'check-compat.ts')

interface Outcome {
  code: number
  stdout: string
  stderr: string
}

async function check(dir: string, args: string[] = [], env: Record<string, string> = {}): Promise<Outcome> {
  // The ceiling keeps git from finding a repository above the temporary directory.
  const options = {
    cwd: packageRoot,
    env: { ...process.env, CONTRACTS_BASE_REF: '', GIT_CEILING_DIRECTORIES: tmpdir(), ...env },
  }
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', cli, '--dir', dir, ...args],
      options,
    )
    return { code: 0, stdout, stderr }
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}

async function git(dir: string, ...args: string[]): Promise<void> {
  await run('git', ['-c', 'user.name=Leadflow CI', '-c', 'user.email=ci@example.com', ...args], { cwd: dir })
}

describe('pnpm --filter @leadflow/contracts check', () => {
  let dir: string

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'contracts-check-'))
    cpSync(join(packageRoot, 'schemas'), join(dir, 'schemas'), { recursive: true })
    cpSync(join(packageRoot, 'src', 'generated'), join(dir, 'src', 'generated'), { recursive: true })
  })

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  async function commitBase(): Promise<void> {
    await git(dir, 'init', '--quiet')
    await git(dir, 'add', '.')
    await git(dir, 'commit', '--quiet', '-m', 'base')
  }

  it('passes the committed schemas, compared with a base revision given by flag or environment', async () => {
    await commitBase()
    const byFlag = await check(dir, ['--base', 'HEAD'])
    expect(byFlag).toMatchObject({ code: 0, stderr: '' })
    expect(byFlag.stdout).toMatch(/12 schemas, 12 released versions compatible, compared with HEAD/)
    const byEnv = await check(dir, [], { CONTRACTS_BASE_REF: 'HEAD' })
    expect(byEnv.stdout).toMatch(/compared with HEAD/)
  })

  it('fails naming the file when a released history version is edited after the base', async () => {
    await commitBase()
    const edit = (path: string): void => {
      const schema = JSON.parse(readFileSync(path, 'utf8')) as { fields: object[] }
      schema.fields.push({ name: 'note', type: ['null', 'string'], default: null })
      writeFileSync(path, JSON.stringify(schema, null, 2))
    }
    edit(join(dir, 'schemas', 'history', 'lead-assigned.v1', '0001.avsc'))
    edit(join(dir, 'schemas', 'lead-assigned.v1.avsc'))
    const outcome = await check(dir, ['--base', 'HEAD'])
    expect(outcome.code).toBe(1)
    expect(outcome.stderr).toMatch(
      /contracts: lead-assigned\.v1: history\/lead-assigned\.v1\/0001\.avsc was edited since HEAD/,
    )
    expect(outcome.stderr).toMatch(/types\.ts is stale: run pnpm --filter @leadflow\/contracts generate/)
  })

  it('fails without any base when a schema change was not snapshotted into history', async () => {
    const path = join(dir, 'schemas', 'mail-sent.v1.avsc')
    const schema = JSON.parse(readFileSync(path, 'utf8')) as { fields: object[] }
    schema.fields.push({ name: 'messageSize', type: 'int' })
    writeFileSync(path, JSON.stringify(schema, null, 2))
    const outcome = await check(dir)
    expect(outcome.code).toBe(1)
    expect(outcome.stderr).toMatch(
      /mail-sent\.v1: mail-sent\.v1\.avsc differs from the last released version/,
    )
    expect(outcome.stderr).toMatch(
      /mail-sent\.v1\.avsc cannot read data written with .*0001\.avsc: .*messageSize/,
    )
  })

  it('skips the base comparison when the revision does not exist or there is no git checkout', async () => {
    const noGit = await check(dir, ['--base', 'origin/main'])
    expect(noGit.code).toBe(0)
    expect(noGit.stdout).toMatch(/skipping the comparison with origin\/main: .* is not inside a git checkout/)
    await commitBase()
    const missing = await check(dir, ['--base', 'no-such-branch'])
    expect(missing.code).toBe(0)
    expect(missing.stdout).toMatch(
      /skipping the comparison with no-such-branch: revision no-such-branch is not available/,
    )
  })
})

// tools/backup/backup.sh and restore.sh against the local PostgreSQL (./leadflow infra up):
// a schema with real rows is dumped, old dumps are pruned, and the dump restores into a fresh
// database with the same rows.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const baseUrl = process.env.DATABASE_URL ?? 'postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow'
const scripts = new URL('../backup/', import.meta.url).pathname
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
const schema = `bk_test_${suffix}`
const targetDb = `lf_restore_${suffix}`
const targetUrl = withDatabase(baseUrl, targetDb)
const backupDir = mkdtempSync(join(tmpdir(), 'leadflow-backup-'))

function withDatabase(url: string, db: string): string {
  const u = new URL(url)
  u.pathname = `/${db}`
  u.search = ''
  return u.toString()
}

function sql(url: string, statement: string): string {
  return execFileSync('psql', [url, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-c', statement], {
    encoding: 'utf8',
    env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim()
}

function run(
  script: string,
  args: string[],
  env: Record<string, string>,
): { status: number; output: string } {
  try {
    const output = execFileSync('bash', [join(scripts, script), ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    return { status: 0, output }
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string }
    return { status: e.status, output: `${e.stdout}${e.stderr}` }
  }
}

const fingerprint = (url: string): Record<string, string> => ({
  contacts: sql(
    url,
    `select count(*) || ':' || md5(string_agg(c::text, '|' order by id)) from "${schema}".contacts c`,
  ),
  leads: sql(
    url,
    `select count(*) || ':' || md5(string_agg(l::text, '|' order by id)) from "${schema}".leads l`,
  ),
})

beforeAll(() => {
  sql(
    baseUrl,
    `create schema "${schema}";
     create table "${schema}".contacts (id bigserial primary key, name text not null, email text unique,
       attrs jsonb not null default '{}', created_at timestamptz(3) not null default now());
     create table "${schema}".leads (id uuid primary key default gen_random_uuid(),
       contact_id bigint not null references "${schema}".contacts(id), status text not null
       check (status in ('new', 'assigned', 'closed')), body bytea, due_at timestamptz(3));
     insert into "${schema}".contacts (name, email, attrs)
       select 'Contact ' || i, 'c' || i || '@example.com', jsonb_build_object('i', i, 'tags', jsonb_build_array('a', 'ü'))
       from generate_series(1, 500) i;
     insert into "${schema}".leads (contact_id, status, body, due_at)
       select 1 + (i % 500), (array['new', 'assigned', 'closed'])[1 + i % 3], decode(md5(i::text), 'hex'), now() + i * interval '1 minute'
       from generate_series(1, 1200) i;`,
  )
  sql(baseUrl, `create database "${targetDb}"`)
}, 120_000)

afterAll(() => {
  sql(baseUrl, `drop schema if exists "${schema}" cascade`)
  sql(baseUrl, `drop database if exists "${targetDb}" with (force)`)
  rmSync(backupDir, { recursive: true, force: true })
}, 120_000)

describe('backup.sh and restore.sh', () => {
  it('dumps the schema, keeps the newest BACKUP_KEEP dumps and restores them into a fresh database', () => {
    for (const old of ['20200101T000000Z', '20210101T000000Z', '20220101T000000Z']) {
      writeFileSync(join(backupDir, `${schema}-${old}.dump`), 'old')
    }
    const backup = run('backup.sh', [], {
      DATABASE_URL: `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}schema=ignored`,
      BACKUP_DIR: backupDir,
      BACKUP_KEEP: '2',
      SCHEMAS: `${schema} no_such_schema_${suffix}`,
    })
    expect(backup.status, backup.output).toBe(0)
    expect(backup.output).toContain(`skip no_such_schema_${suffix}`)
    const dumps = readdirSync(backupDir).sort()
    expect(dumps).toHaveLength(2)
    expect(dumps[0]).toBe(`${schema}-20220101T000000Z.dump`)
    expect(dumps[1]).toMatch(new RegExp(`^${schema}-\\d{8}T\\d{6}Z\\.dump$`))
    const dump = join(backupDir, dumps[1]!)

    const restore = run('restore.sh', [dump], { DATABASE_URL: targetUrl })
    expect(restore.status, restore.output).toBe(0)
    const source = fingerprint(baseUrl)
    expect(source.contacts).toMatch(/^500:/)
    expect(source.leads).toMatch(/^1200:/)
    expect(fingerprint(targetUrl)).toEqual(source)
    // Sequences and constraints come back too.
    expect(sql(targetUrl, `insert into "${schema}".contacts (name) values ('next') returning id`)).toBe('501')
    expect(() =>
      sql(targetUrl, `insert into "${schema}".leads (contact_id, status) values (1, 'bogus')`),
    ).toThrow()

    // An existing schema is refused unless --drop-existing replaces it (back to the dump).
    const refused = run('restore.sh', [dump], { DATABASE_URL: targetUrl })
    expect(refused.status).not.toBe(0)
    expect(refused.output).toContain('already exists')
    const replaced = run('restore.sh', [dump, '--drop-existing'], { DATABASE_URL: targetUrl })
    expect(replaced.status, replaced.output).toBe(0)
    expect(fingerprint(targetUrl)).toEqual(source)
    expect(existsSync(`${dump}.partial`)).toBe(false)
  }, 180_000)
})

import { randomBytes } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import pg from 'pg'
import { withSchema } from '@leadflow/db'

export interface TestDatabase {
  /** DATABASE_URL pointing at a fresh schema with the service's migrations applied. */
  url: string
  schema: string
}

/**
 * A fresh Postgres schema for one integration test file with the service's real migration
 * files applied in order, so tests never see each other's rows. (The SQL is applied directly:
 * `prisma migrate deploy` takes a server-wide lock and would serialise parallel test runs.)
 */
export async function createTestDatabase(
  serviceDir: URL,
  service: string,
  baseUrl: string,
): Promise<TestDatabase> {
  const schema = `${service.replaceAll('-', '_')}_test_${randomBytes(4).toString('hex')}`
  const migrationsDir = new URL('prisma/migrations/', serviceDir)
  const migrations = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
  const base = new URL(baseUrl)
  base.searchParams.delete('schema')
  const client = new pg.Client({ connectionString: base.toString() })
  await client.connect()
  try {
    await client.query(`CREATE SCHEMA "${schema}"`)
    await client.query(`SET search_path TO "${schema}"`)
    for (const name of migrations) {
      await client.query(await readFile(new URL(`${name}/migration.sql`, migrationsDir), 'utf8'))
    }
  } finally {
    await client.end()
  }
  return { url: withSchema(baseUrl, schema), schema }
}

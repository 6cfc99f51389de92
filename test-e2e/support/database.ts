import { randomBytes } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import pg from 'pg'

/** Service name → the Postgres schema it uses when its DATABASE_URL names none. */
export const serviceSchemas = {
  gateway: 'gateway',
  'webhook-ingest': 'webhook-ingest',
  contacts: 'contacts',
  'lead-router': 'lead-router',
  mailer: 'mailer',
  'imap-poller': 'imap-poller',
} as const

export type ServiceName = keyof typeof serviceSchemas

export interface E2eDatabase {
  /** DATABASE_URL of the fresh database; each service finds its own schema in it. */
  url: string
  name: string
  drop(): Promise<void>
}

const repo = new URL('../../', import.meta.url)

/**
 * A fresh Postgres database for one suite run, created with the leadflow role, with every
 * service's migration files applied to the service's own schema (as `prisma migrate deploy`
 * would, without its server-wide lock).
 */
export async function createE2eDatabase(serverUrl: string): Promise<E2eDatabase> {
  const name = `leadflow_e2e_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE "${name}"`)
  } finally {
    await admin.end()
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  url.searchParams.delete('schema')
  const client = new pg.Client({ connectionString: url.toString() })
  await client.connect()
  try {
    for (const [service, schema] of Object.entries(serviceSchemas)) {
      await client.query(`CREATE SCHEMA "${schema}"`)
      await client.query(`SET search_path TO "${schema}"`)
      const dir = new URL(`services/${service}/prisma/migrations/`, repo)
      const migrations = (await readdir(dir, { withFileTypes: true }))
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
      for (const migration of migrations) {
        await client.query(await readFile(new URL(`${migration}/migration.sql`, dir), 'utf8'))
      }
    }
  } finally {
    await client.end()
  }
  return {
    url: url.toString(),
    name,
    async drop() {
      const again = new pg.Client({ connectionString: serverUrl })
      await again.connect()
      try {
        await again.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      } finally {
        await again.end()
      }
    },
  }
}

import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import { withSchema } from '@leadflow/db'

const run = promisify(execFile)

export interface TestDatabase {
  /** DATABASE_URL pointing at a fresh schema with the service's migrations applied. */
  url: string
  schema: string
}

/**
 * A fresh Postgres schema for one integration test file, migrated with the service's real
 * migrations (`prisma migrate deploy`), so tests never see each other's rows.
 */
export async function createTestDatabase(
  serviceDir: URL,
  service: string,
  baseUrl: string,
): Promise<TestDatabase> {
  const schema = `${service.replaceAll('-', '_')}_test_${randomBytes(4).toString('hex')}`
  const url = withSchema(baseUrl, schema)
  await run('pnpm', ['--silent', 'exec', 'prisma', 'migrate', 'deploy'], {
    cwd: serviceDir,
    env: { ...process.env, DATABASE_URL: url },
  })
  return { url, schema }
}

import { ConfigError, loadConfig } from '@leadflow/config'
import { createPrismaAdapter } from '@leadflow/db'
import { configSchema } from '../config.js'
import { PrismaClient } from '../generated/prisma/client.js'
import { renormalizeContacts } from '../handlers/renormalize.handler.js'

// Backfill: re-normalises the phones, e-mails and names of existing contacts under the current
// rules and DEFAULT_PHONE_REGION. Safe to run again; changed contacts are published as
// ContactUpserted by the running service's outbox relay.
let config
try {
  config = loadConfig(configSchema, process.env)
} catch (err) {
  if (!(err instanceof ConfigError)) throw err
  process.stderr.write(`renormalize: invalid configuration\n${err.message}\n`)
  process.exit(1)
}

const db = new PrismaClient({
  adapter: createPrismaAdapter({
    databaseUrl: config.DATABASE_URL,
    defaultSchema: 'contacts',
  }),
})
try {
  const started = Date.now()
  const result = await renormalizeContacts(db, {
    region: config.DEFAULT_PHONE_REGION,
    batchSize: config.RENORMALIZE_BATCH_SIZE,
    onProgress: (p) =>
      process.stdout.write(
        `renormalize: scanned ${p.scanned}, changed ${p.changed}, conflicts ${p.conflicts}\n`,
      ),
  })
  process.stdout.write(
    `renormalize: done in ${Date.now() - started} ms: scanned ${result.scanned}, changed ${result.changed}, conflicts ${result.conflicts}\n`,
  )
} finally {
  await db.$disconnect()
}

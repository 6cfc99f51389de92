import { createConnections, runService } from '@leadflow/service'
import { buildApp } from './app.js'
import { createPrismaAdapter } from '@leadflow/db'
import { configSchema } from './config.js'
import { PrismaClient } from './generated/prisma/client.js'

await runService({
  service: 'webhook-ingest',
  configSchema,
  env: process.env,
  process,
  build: ({ config, logger, metrics }) =>
    buildApp({
      config,
      logger,
      metrics,
      db: new PrismaClient({
        adapter: createPrismaAdapter({ databaseUrl: config.DATABASE_URL, defaultSchema: 'webhook-ingest' }),
      }),
      connections: createConnections('webhook-ingest', config, logger),
    }),
})

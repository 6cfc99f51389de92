import { createPrismaAdapter } from '@leadflow/db'
import { createConnections, runService } from '@leadflow/service'
import { buildApp } from './app.js'
import { configSchema } from './config.js'
import { PrismaClient } from './generated/prisma/client.js'

await runService({
  service: 'contacts',
  configSchema,
  env: process.env,
  process,
  build: ({ config, logger, metrics }) =>
    buildApp({
      config,
      logger,
      metrics,
      db: new PrismaClient({
        adapter: createPrismaAdapter({
          databaseUrl: config.DATABASE_URL,
          defaultSchema: 'contacts',
        }),
      }),
      connections: createConnections('contacts', config, logger),
    }),
})

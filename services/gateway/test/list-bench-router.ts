// lead-router's real internal HTTP API (the same Fastify stack, service-token guard and routes)
// over the list benchmark's schema, in a process of its own, without its Kafka consumers: a
// benchmark must not consume, and route, the shared topics' history. Prints its URL once listening.
import { createPgPool, createPrismaAdapter, schemaOf } from '@leadflow/db'
import { createHttpServer, requireServiceToken } from '@leadflow/http'
import { createLogger, createMetrics } from '@leadflow/telemetry'
import { PrismaClient } from '../../lead-router/src/generated/prisma/client.js'
import { internalRoutes } from '../../lead-router/src/routes/internal.route.js'

const databaseUrl = process.env.DATABASE_URL ?? ''
const token = process.env.INTERNAL_API_TOKEN ?? ''
const db = new PrismaClient({ adapter: createPrismaAdapter({ databaseUrl, defaultSchema: 'lead-router' }) })
const logger = createLogger({ service: 'lead-router', level: 'warn' })
const reads = createPgPool({ databaseUrl, defaultSchema: 'lead-router', logger })
const http = createHttpServer({
  service: 'lead-router',
  logger,
  metrics: createMetrics({ service: 'lead-router' }),
})
await http.register(
  (internal, _opts, done) => {
    internal.addHook('preHandler', requireServiceToken(token))
    internalRoutes(internal, {
      db,
      reads,
      schema: schemaOf(databaseUrl, 'lead-router'),
      onEventsQueued: () => {},
    })
    done()
  },
  { prefix: '/internal/v1' },
)
const url = await http.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) })
process.stdout.write(`${url}\n`)
process.on('SIGTERM', () => {
  void http.close().then(() => Promise.all([db.$disconnect(), reads.end()]))
})

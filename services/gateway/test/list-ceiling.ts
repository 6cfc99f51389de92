// The gateway list benchmark's ceiling (bench/gateway-list): the least a correct
// `GET /api/v1/leads?limit=50` does, in a process of its own, so its rate bounds what the gateway
// can reach on the same machine. Fastify; the bearer JWT checked by the gateway's own verifier
// (accepted tokens remembered, as the gateway does); the gateway's own Redis rate limit; the
// page read from the gateway's read model of the leads (`lead_views`, each row stored with its
// public JSON) by one prepared statement, Postgres joining the 50 rows' JSON, Node adding the
// cursor. Left out: lead-router (no hop), role scopes and filters,
// security headers, CORS, audit, metrics, logs, the response schema and the problem+json errors.
// Env: DATABASE_URL (the gateway's bench schema, its read model seeded), JWT_SECRET, REDIS_URL.
// Prints its URL once listening.
import { createPgPool, isoText } from '@leadflow/db'
import { createLogger, createMetrics } from '@leadflow/telemetry'
import Fastify from 'fastify'
import { Redis } from 'ioredis'
import { createAuthEvents } from '../src/auth/auth-metrics.js'
import { createAccessTokenVerifier } from '../src/domain/access-token.js'
import { registerRateLimit } from '../src/plugins/rate-limit.plugin.js'

const env = (name: string): string => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set`)
  return value
}
const logger = createLogger({ service: 'gateway-list-ceiling', level: 'warn' })
const db = createPgPool({ databaseUrl: env('DATABASE_URL'), defaultSchema: 'gateway', max: 4, logger })

const pageSql = `SELECT '[' || string_agg(doc, ',' ORDER BY created_at DESC, id DESC) || ']' AS data,
    (array_agg(${isoText('created_at')} ORDER BY created_at, id))[1] AS last_at,
    (array_agg(id::text ORDER BY created_at, id))[1] AS last_id
  FROM (SELECT id, created_at, doc FROM lead_views ORDER BY created_at DESC, id DESC LIMIT $1) AS page`

const verifier = createAccessTokenVerifier({
  secret: env('JWT_SECRET'),
  issuer: 'leadflow-gateway',
  audience: 'leadflow-api',
})
const app = Fastify({ logger: false })
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
app.decorateRequest('principal', null)
app.addHook('onRequest', async (request, reply) => {
  const header = request.headers.authorization ?? ''
  const verified = header.startsWith('Bearer ') ? await verifier.verify(header.slice(7)) : 'invalid'
  if (typeof verified === 'string') return reply.code(401).send({ code: 'unauthorized' })
  const { userId: id, role, departmentId } = verified
  request.principal = { kind: 'user', id, role, departmentId }
})
await registerRateLimit(app, {
  redis,
  windowSec: 60,
  anonymous: 1,
  authenticated: 1_000_000,
  authEvents: createAuthEvents(createMetrics({ service: 'gateway-list-ceiling' })),
})
app.get('/api/v1/leads', async (request, reply) => {
  const asked = Number((request.query as { limit?: string }).limit ?? 50)
  const limit = Number.isInteger(asked) ? Math.min(200, Math.max(1, asked)) : 50
  const { rows } = await db.query<{ data: string | null; last_at: string; last_id: string }>(
    pageSql,
    [limit],
    'lead-page',
  )
  const page = rows[0]
  const cursor = page?.data
    ? JSON.stringify(Buffer.from(JSON.stringify([page.last_at, page.last_id])).toString('base64url'))
    : 'null'
  return reply.type('application/json').send(`{"data":${page?.data ?? '[]'},"nextCursor":${cursor}}`)
})
const url = await app.listen({ host: '127.0.0.1', port: 0 })
process.stdout.write(`${url}\n`)
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => Promise.all([db.end(), redis.quit()]))
    .finally(() => process.exit(0))
})

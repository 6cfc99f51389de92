import cors from '@fastify/cors'
import type { DeepReadonly } from '@leadflow/config'
import { createHttpServer } from '@leadflow/http'
import { leadChangedV1 } from '@leadflow/contracts'
import { createPgPool } from '@leadflow/db'
import { createConsumer, onBatch } from '@leadflow/kafka'
import { createLazyProducer, createOutboxRelay, type OutboxRelay } from '@leadflow/outbox'
import { createServiceApp, standardReadiness, type Connections, type ServiceApp } from '@leadflow/service'
import type { Logger, Metrics } from '@leadflow/telemetry'
import type { z } from 'zod'
import { createAuthEvents } from './auth/auth-metrics.js'
import { authenticateHook } from './auth/authenticate.hook.js'
import { bootstrapAdmin } from './auth/bootstrap-admin.js'
import { createLoginThrottle } from './auth/login-throttle.js'
import type { configSchema } from './config.js'
import { createLeadViews } from './db/lead-views.js'
import { leadViewOfEvent } from './domain/lead-view.js'
import type { PrismaClient } from './generated/prisma/client.js'
import { registerApiDocs } from './plugins/api-docs.plugin.js'
import { registerRateLimit } from './plugins/rate-limit.plugin.js'
import { refuseMalformedText } from './plugins/well-formed-text.plugin.js'
import { apiKeyRoutes, apiKeySchema } from './routes/api-keys.route.js'
import { auditLogRoutes } from './routes/audit-log.route.js'
import { authRoutes } from './routes/auth.route.js'
import { crmRoutes } from './routes/crm.routes.js'
import { internalUserRoutes } from './routes/internal-users.route.js'
import { leadReadRoutes, leadSchema } from './routes/leads-read.route.js'
import { leadRoutes } from './routes/leads.route.js'
import type { RouteDeps } from './routes/route-deps.js'
import { problemSchema } from './routes/schemas.js'
import { settingsRoutes } from './routes/settings.routes.js'
import { userRoutes, userSchema } from './routes/users.route.js'

export interface AppDeps {
  config: DeepReadonly<z.output<typeof configSchema>>
  logger: Logger
  metrics: Metrics
  db: PrismaClient
  connections: Connections
}

export interface GatewayApp extends ServiceApp {
  outbox: OutboxRelay
}

export async function buildApp({ config, logger, metrics, db, connections }: AppDeps): Promise<GatewayApp> {
  const http = createHttpServer({
    service: 'gateway',
    logger,
    metrics,
    readiness: standardReadiness(db, connections),
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUSTED_PROXIES.length > 0 ? [...config.TRUSTED_PROXIES] : false,
  })
  const producer = createLazyProducer(connections.kafka)
  // Raw SQL does not see the Prisma schema setting: name the table with its schema.
  const outbox = createOutboxRelay({ db, producer, logger, registry: metrics.registry })
  const authEvents = createAuthEvents(metrics)
  // The lead list, the API's busiest read, goes straight through pg (see db/lead-views.ts).
  const reads = createPgPool({ databaseUrl: config.DATABASE_URL, defaultSchema: 'gateway', logger })
  const leadViews = createLeadViews(reads)
  const consumer = createConsumer(connections.kafka, {
    groupId: config.GROUP_ID,
    fromBeginning: config.KAFKA_OFFSET_RESET === 'earliest',
    logger,
    registry: metrics.registry,
    handlers: [
      onBatch(leadChangedV1, (items) => leadViews.apply(items.map((item) => leadViewOfEvent(item.event)))),
    ],
  })
  const deps: RouteDeps = {
    config,
    db,
    redis: connections.redis,
    authEvents,
    loginThrottle: createLoginThrottle(connections.redis, {
      maxAccountFailures: config.LOGIN_MAX_FAILURES,
      maxIpFailures: config.LOGIN_IP_MAX_FAILURES,
      baseSec: config.LOGIN_LOCKOUT_BASE_SEC,
      maxSec: config.LOGIN_LOCKOUT_MAX_SEC,
    }),
    tokens: {
      secret: config.JWT_SECRET,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ttlSec: config.ACCESS_TOKEN_TTL_SEC,
      refreshTtlSec: config.REFRESH_TOKEN_TTL_SEC,
    },
    wakeOutbox: () => outbox.wake(),
    leadViews,
  }

  http.addSchema(problemSchema)
  http.addSchema(userSchema)
  http.addSchema(apiKeySchema)
  http.addSchema(leadSchema)
  await http.register(cors, {
    origin: config.CORS_ORIGINS.length > 0 ? [...config.CORS_ORIGINS] : false,
    credentials: false,
    exposedHeaders: [
      'x-request-id',
      'x-token-near-expiry',
      'retry-after',
      'ratelimit-limit',
      'ratelimit-remaining',
      'ratelimit-reset',
    ],
    maxAge: 600,
  })
  await registerApiDocs(http)
  await http.register(
    async (api) => {
      api.decorateRequest('principal', null)
      api.addHook(
        'onRequest',
        authenticateHook({
          db,
          authEvents,
          jwt: { secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
          nearExpirySec: config.TOKEN_NEAR_EXPIRY_SEC,
        }),
      )
      await registerRateLimit(api, {
        redis: connections.redis,
        windowSec: config.RATE_LIMIT_WINDOW_SEC,
        anonymous: config.RATE_LIMIT_ANONYMOUS,
        authenticated: config.RATE_LIMIT_AUTHENTICATED,
        authEvents,
      })
      refuseMalformedText(api)
      await api.register(authRoutes, deps)
      await api.register(userRoutes, deps)
      await api.register(apiKeyRoutes, deps)
      await api.register(auditLogRoutes, deps)
      await api.register(leadRoutes, deps)
      await api.register(leadReadRoutes, deps)
      await api.register(crmRoutes, deps)
      await api.register(settingsRoutes, deps)
    },
    { prefix: '/api/v1' },
  )
  await http.register(internalUserRoutes, { db, token: config.INTERNAL_API_TOKEN })

  const app = createServiceApp({
    http,
    host: config.HOST,
    port: config.PORT,
    logger,
    connections,
    db,
    onStart: async () => {
      await bootstrapAdmin(
        db,
        {
          email: config.BOOTSTRAP_ADMIN_EMAIL,
          password: config.BOOTSTRAP_ADMIN_PASSWORD,
          cost: config.PASSWORD_SCRYPT_COST,
        },
        logger,
      )
      outbox.start()
      await consumer.start()
    },
    onStop: async () => {
      await consumer.stop()
      await outbox.stop()
      await producer.disconnect()
      await reads.end()
    },
  })
  return { ...app, outbox }
}

import type { DeepReadonly } from '@leadflow/config'
import { createPgPool } from '@leadflow/db'
import { createSecretBox } from '@leadflow/crypto'
import { createHttpServer, requireServiceToken } from '@leadflow/http'
import { createLazyProducer, createOutboxRelay, pgOutboxDb } from '@leadflow/outbox'
import { createServiceApp, standardReadiness, type Connections, type ServiceApp } from '@leadflow/service'
import type { Logger, Metrics } from '@leadflow/telemetry'
import type { z } from 'zod'
import type { configSchema } from './config.js'
import type { PrismaClient } from './generated/prisma/client.js'
import { createInsertBatcher } from './handlers/insert-batcher.js'
import { createRedisGuards } from './handlers/redis-guards.js'
import { providerRoutes } from './routes/providers.route.js'
import { webhookEventRoutes } from './routes/webhook-events.route.js'
import { webhookRoutes } from './routes/webhooks.route.js'
import { createSettingsCache } from './settings/provider-settings.js'

export interface AppDeps {
  config: DeepReadonly<z.output<typeof configSchema>>
  logger: Logger
  metrics: Metrics
  db: PrismaClient
  connections: Connections
  /** Outbox relay timing (tests); defaults suit production. */
  relayOptions?: { pollMs?: number; retryMs?: number; lingerMs?: number }
}

export async function buildApp(
  deps: AppDeps,
): Promise<ServiceApp & { relay: { flush(): Promise<number>; depth(): Promise<number> } }> {
  const { config, logger, metrics, db, connections } = deps
  const http = createHttpServer({
    service: 'webhook-ingest',
    logger,
    metrics,
    readiness: standardReadiness(db, connections),
  })
  const box = createSecretBox(config.DATA_ENCRYPTION_KEY, config.DATA_ENCRYPTION_KEY_PREVIOUS)
  const producer = createLazyProducer(connections.kafka)
  // The webhook hot path and the outbox relay use a pg pool of their own: one group-commit
  // statement per batch of webhooks, without a round through Prisma's query compiler.
  const pool = createPgPool({ databaseUrl: config.DATABASE_URL, defaultSchema: 'webhook-ingest', logger })
  const relay = createOutboxRelay({
    db: pgOutboxDb(pool.pool),
    producer,
    logger: logger.child({ component: 'outbox' }),
    registry: metrics.registry,
    // Under load, the events of many webhooks go to Kafka in one request and one delete.
    lingerMs: 50,
    ...deps.relayOptions,
  })
  const settings = createSettingsCache({
    db,
    box,
    ttlMs: config.PROVIDER_SETTINGS_CACHE_MS,
    globalTrustedProxies: config.TRUSTED_PROXIES,
    logger,
  })
  const guards = createRedisGuards({
    redis: connections.redis,
    logger,
    failures: metrics.counter({
      name: 'webhook_redis_failures_total',
      help: 'Redis operations that failed; ingest continued without Redis',
      labelNames: ['operation'],
    }),
  })
  const ingestMetrics = {
    webhooks: metrics.counter({
      name: 'webhooks_total',
      help: 'Webhooks received, by provider and verdict',
      labelNames: ['provider', 'verdict'],
    }),
    ackSeconds: metrics.histogram({
      name: 'webhook_ack_seconds',
      help: 'Time from receiving a webhook to acknowledging it (accepted or duplicate), in seconds',
      labelNames: ['provider'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
  }

  await http.register(webhookRoutes, {
    ingest: {
      db,
      batcher: createInsertBatcher(pool),
      settings,
      guards,
      relay,
      metrics: ingestMetrics,
      defaultRateLimitPerMin: config.WEBHOOK_RATE_LIMIT_PER_MIN,
    },
    bodyLimit: config.WEBHOOK_BODY_LIMIT_BYTES,
    toleranceSec: config.WEBHOOK_SIGNATURE_TOLERANCE_SEC,
  })
  await http.register(async (internal) => {
    internal.addHook('onRequest', requireServiceToken(config.INTERNAL_API_TOKEN))
    await internal.register(providerRoutes, { db, box, settings })
    await internal.register(webhookEventRoutes, { db, relay })
  })

  const app = createServiceApp({
    http,
    host: config.HOST,
    port: config.PORT,
    logger,
    connections,
    db,
    onStart: () => {
      relay.start()
      return Promise.resolve()
    },
    onStop: async () => {
      await relay.stop()
      await producer.disconnect()
      await pool.end()
    },
  })
  return { ...app, relay }
}

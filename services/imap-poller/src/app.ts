import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { DeepReadonly } from '@leadflow/config'
import { createSecretBox } from '@leadflow/crypto'
import { createHttpServer, requireServiceToken } from '@leadflow/http'
import { createLazyProducer, createOutboxRelay } from '@leadflow/outbox'
import { createServiceApp, standardReadiness, type Connections, type ServiceApp } from '@leadflow/service'
import type { Logger, Metrics } from '@leadflow/telemetry'
import type { z } from 'zod'
import type { configSchema } from './config.js'
import type { PrismaClient } from './generated/prisma/client.js'
import { createImapAuth } from './imap/imap-auth.js'
import { mailboxRoutes } from './routes/mailboxes.route.js'
import { createAlertNotifier } from './workers/alert-notifier.js'
import { createMailboxLeases } from './workers/mailbox-lease.js'
import { createPollerMetrics } from './workers/poller-metrics.js'
import { createPollerSupervisor } from './workers/poller-supervisor.js'

export interface AppDeps {
  config: DeepReadonly<z.output<typeof configSchema>>
  logger: Logger
  metrics: Metrics
  db: PrismaClient
  connections: Connections
}

export async function buildApp({ config, logger, metrics, db, connections }: AppDeps): Promise<ServiceApp> {
  const http = createHttpServer({
    service: 'imap-poller',
    logger,
    metrics,
    readiness: standardReadiness(db, connections),
  })
  const secretBox = createSecretBox(config.DATA_ENCRYPTION_KEY, config.DATA_ENCRYPTION_KEY_PREVIOUS ?? [])
  const producer = createLazyProducer(connections.kafka)
  const relay = createOutboxRelay({ db, producer, logger, registry: metrics.registry })
  const pollerMetrics = createPollerMetrics(metrics)
  const holder = config.INSTANCE_ID ?? `${hostname()}:${randomUUID()}`
  const supervisor = createPollerSupervisor({
    db,
    logger,
    metrics: pollerMetrics,
    leases: createMailboxLeases(db, holder, config.IMAP_LEASE_TTL_MS),
    auth: createImapAuth(secretBox),
    reportFailure: createAlertNotifier({
      db,
      logger,
      metrics: pollerMetrics,
      perHour: config.IMAP_ALERTS_PER_HOUR,
      onQueued: () => relay.wake(),
    }),
    onEmitted: () => relay.wake(),
    refreshMs: config.IMAP_MAILBOX_REFRESH_MS,
    settings: {
      pollIntervalMs: config.IMAP_POLL_INTERVAL_MS,
      leaseTtlMs: config.IMAP_LEASE_TTL_MS,
      reconnect: { initialMs: config.IMAP_RECONNECT_INITIAL_MS, maxMs: config.IMAP_RECONNECT_MAX_MS },
      connectTimeoutMs: config.IMAP_CONNECT_TIMEOUT_MS,
    },
  })

  await http.register(
    async (internal) => {
      internal.addHook('onRequest', requireServiceToken(config.INTERNAL_API_TOKEN))
      await internal.register(mailboxRoutes, { db, secretBox, onChanged: () => void supervisor.refresh() })
    },
    { prefix: '/internal/v1' },
  )

  return createServiceApp({
    http,
    host: config.HOST,
    port: config.PORT,
    logger,
    connections,
    db,
    onStart() {
      relay.start()
      supervisor.start()
      return Promise.resolve()
    },
    async onStop() {
      await supervisor.stop()
      await relay.stop()
      await producer.disconnect()
    },
  })
}

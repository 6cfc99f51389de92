import type { DeepReadonly } from '@leadflow/config'
import { createHttpServer } from '@leadflow/http'
import { createLazyProducer, createOutboxRelay } from '@leadflow/outbox'
import { createServiceApp, standardReadiness, type Connections, type ServiceApp } from '@leadflow/service'
import type { Logger, Metrics } from '@leadflow/telemetry'
import type { z } from 'zod'
import type { configSchema } from './config.js'
import type { PrismaClient } from './generated/prisma/client.js'
import { internalRoutes } from './routes/internal.route.js'

export interface AppDeps {
  config: DeepReadonly<z.output<typeof configSchema>>
  logger: Logger
  metrics: Metrics
  db: PrismaClient
  connections: Connections
}

export interface ContactsApp extends ServiceApp {
  /** The transactional outbox of ContactUpserted events. */
  outbox: { flush(): Promise<number>; depth(): Promise<number> }
}

export async function buildApp({ config, logger, metrics, db, connections }: AppDeps): Promise<ContactsApp> {
  const http = createHttpServer({
    service: 'contacts',
    logger,
    metrics,
    readiness: standardReadiness(db, connections),
  })
  const producer = createLazyProducer(connections.kafka)
  const relay = createOutboxRelay({ db, producer, logger, registry: metrics.registry })
  await http.register(
    internalRoutes(config.INTERNAL_API_TOKEN, {
      db,
      region: config.DEFAULT_PHONE_REGION,
      published: () => relay.wake(),
    }),
    { prefix: '/internal/v1' },
  )
  const app = createServiceApp({
    http,
    host: config.HOST,
    port: config.PORT,
    logger,
    connections,
    db,
    onStart() {
      relay.start()
      return Promise.resolve()
    },
    async onStop() {
      await relay.stop()
      await producer.disconnect()
    },
  })
  return { ...app, outbox: { flush: () => relay.flush(), depth: () => relay.depth() } }
}

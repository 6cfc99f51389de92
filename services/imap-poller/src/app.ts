import type { DeepReadonly } from '@leadflow/config'
import { createHttpServer } from '@leadflow/http'
import { createServiceApp, standardReadiness, type Connections, type ServiceApp } from '@leadflow/service'
import type { Logger, Metrics } from '@leadflow/telemetry'
import type { z } from 'zod'
import type { configSchema } from './config.js'
import type { PrismaClient } from './generated/prisma/client.js'

export interface AppDeps {
  config: DeepReadonly<z.output<typeof configSchema>>
  logger: Logger
  metrics: Metrics
  db: PrismaClient
  connections: Connections
}

export function buildApp({ config, logger, metrics, db, connections }: AppDeps): Promise<ServiceApp> {
  const http = createHttpServer({
    service: 'imap-poller',
    logger,
    metrics,
    readiness: standardReadiness(db, connections),
  })
  return Promise.resolve(
    createServiceApp({ http, host: config.HOST, port: config.PORT, logger, connections, db }),
  )
}

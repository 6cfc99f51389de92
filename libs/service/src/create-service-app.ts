import type { HttpServer } from '@leadflow/http'
import type { Logger } from '@leadflow/telemetry'
import type { Connections } from './connections.js'
import type { ServiceApp } from './service-app.js'

export interface ServiceAppParts {
  http: HttpServer
  host: string
  port: number
  logger: Logger
  connections: Connections
  db: { $disconnect(): Promise<void> }
  /** Starts the service's own work (consumers, timers) before the HTTP port opens. */
  onStart?: () => Promise<void>
  /** Stops the service's own work after the HTTP port closed, before connections close. */
  onStop?: () => Promise<void>
}

/**
 * The start/stop order every service shares. Start: connect Redis (a Redis outage is reported
 * by `/readyz`, it does not stop the process), the service's own work, then listen. Stop: close
 * the port and finish in-flight requests, stop the service's own work, then close Redis and Postgres.
 */
export function createServiceApp(parts: ServiceAppParts): ServiceApp {
  const { http, host, port, logger, connections, db, onStart, onStop } = parts
  return {
    http,
    async start() {
      await connections.redis
        .connect()
        .catch((err: unknown) => logger.warn({ err }, 'redis not reachable yet'))
      await onStart?.()
      return http.listen({ host, port })
    },
    async stop() {
      await http.close()
      await onStop?.()
      connections.redis.disconnect()
      await db.$disconnect()
    },
  }
}

import { createRedis, redisReadiness, postgresReadiness, type ReadinessCheck } from '@leadflow/db'
import { createKafka, kafkaReadiness, type Kafka } from '@leadflow/kafka'
import type { Logger } from '@leadflow/telemetry'
import type { Redis } from 'ioredis'

export interface ConnectionConfig {
  KAFKA_BROKERS: readonly string[]
  REDIS_URL: string
}

export interface Connections {
  kafka: Kafka
  redis: Redis
}

/** The Kafka and Redis clients every service uses; Postgres is per service (its own Prisma client). */
export function createConnections(service: string, config: ConnectionConfig, logger: Logger): Connections {
  const redis = createRedis({ url: config.REDIS_URL, connectionName: service })
  // ioredis reconnects by itself; log each outage once, not every retry.
  let down = false
  redis.on('error', (err: Error) => {
    if (!down) logger.warn({ err }, 'redis unreachable, reconnecting')
    down = true
  })
  redis.on('ready', () => {
    if (down) logger.info('redis reachable again')
    down = false
  })
  return {
    kafka: createKafka({ clientId: service, brokers: [...config.KAFKA_BROKERS], logger }),
    redis,
  }
}

interface RawQueryable {
  $queryRawUnsafe: (query: string) => Promise<unknown>
}

/** What `/readyz` probes for a service: its Postgres, Redis and Kafka. */
export function standardReadiness(db: RawQueryable, { kafka, redis }: Connections): ReadinessCheck[] {
  return [postgresReadiness(db), redisReadiness(redis), kafkaReadiness(kafka)]
}

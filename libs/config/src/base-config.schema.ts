import { z } from 'zod'
import { commaList, hostPort, integer, logLevels, urlWithProtocol } from './env-fields.schema.js'
import { failpointsField } from './failpoints.schema.js'
import { secret } from './secret.schema.js'

/**
 * Variables every service shares. Services `.extend()` it with their own, at least
 * `PORT: port(<default>)`. `HOST` defaults to all interfaces because services run in containers.
 */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: integer({ min: 0, max: 65535 }),
  KAFKA_BROKERS: commaList(hostPort).default(['127.0.0.1:9092']),
  /**
   * Where a consumer group starts on a partition it has never committed an offset for. `earliest`
   * (the default) loses nothing: events published before the group first joined, or while a
   * partition it never committed on was between two owners, are still consumed (handlers are
   * idempotent by event id). `latest` is for test and benchmark runs that attach new groups to
   * topics with history they must not replay.
   */
  KAFKA_OFFSET_RESET: z.enum(['earliest', 'latest']).default('earliest'),
  DATABASE_URL: urlWithProtocol(['postgres', 'postgresql']),
  REDIS_URL: urlWithProtocol(['redis', 'rediss']).default('redis://127.0.0.1:6379'),
  OTEL_EXPORTER_OTLP_ENDPOINT: urlWithProtocol(['http', 'https']).optional(),
  INTERNAL_API_TOKEN: secret({ minLength: 16, devDefault: 'insecure-dev-internal-api-token' }),
  SHUTDOWN_TIMEOUT_MS: integer({ min: 1, max: 600_000 }).default(10_000),
  /** Crash points for fault campaigns (`name=probability,…`); refused in production. */
  LEADFLOW_FAILPOINTS: failpointsField,
})

export type BaseConfig = z.output<typeof baseConfigSchema>

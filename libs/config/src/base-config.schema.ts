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
  DATABASE_URL: urlWithProtocol(['postgres', 'postgresql']),
  REDIS_URL: urlWithProtocol(['redis', 'rediss']).default('redis://127.0.0.1:6379'),
  OTEL_EXPORTER_OTLP_ENDPOINT: urlWithProtocol(['http', 'https']).optional(),
  INTERNAL_API_TOKEN: secret({ minLength: 16, devDefault: 'insecure-dev-internal-api-token' }),
  SHUTDOWN_TIMEOUT_MS: integer({ min: 1, max: 600_000 }).default(10_000),
  /** Crash points for fault campaigns (`name=probability,…`); refused in production. */
  LEADFLOW_FAILPOINTS: failpointsField,
})

export type BaseConfig = z.output<typeof baseConfigSchema>

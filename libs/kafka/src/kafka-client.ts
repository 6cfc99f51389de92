import { Kafka, logLevel } from 'kafkajs'
import type { LogEntry, RetryOptions } from 'kafkajs'
import type { KafkaLogger } from './kafka-logger.js'

export type { Kafka } from 'kafkajs'

export type KafkaLogLevel = 'error' | 'warn' | 'info' | 'debug'

export interface KafkaOptions {
  readonly clientId: string
  /** `host:port` entries, e.g. the split `KAFKA_BROKERS`. */
  readonly brokers: readonly string[]
  readonly logger: KafkaLogger
  /** The least severe kafkajs log level passed on to the logger (default `info`). */
  readonly logLevel?: KafkaLogLevel
  /** Overrides the client-wide retry of broker requests. */
  readonly retry?: RetryOptions
}

/**
 * Retry for broker requests (metadata, produce, commit): about half a minute of growing
 * waits, enough to ride out a broker restart or a leader election without giving up.
 */
export const defaultClientRetry: RetryOptions = {
  initialRetryTime: 300,
  maxRetryTime: 10_000,
  retries: 8,
  factor: 0.2,
  multiplier: 2,
}

const levels: Record<KafkaLogLevel, logLevel> = {
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
}

/** The kafkajs client every producer, consumer and admin of a process is built from. */
export function createKafka(options: KafkaOptions): Kafka {
  if (options.brokers.length === 0) throw new RangeError('at least one Kafka broker is required')
  const log = options.logger.child({ component: 'kafkajs' })
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: levels[options.logLevel ?? 'info'],
    logCreator: () => (entry) => writeKafkaLog(log, entry),
    retry: options.retry ?? defaultClientRetry,
  })
}

/**
 * kafkajs warns on every idempotent producer whose retries are bounded. Bounding them is
 * deliberate: a send must fail in time (so a webhook can answer 503) rather than retry
 * forever; a duplicate from a caller's own retry is absorbed by idempotent consumers.
 */
const expectedWarnings = new Set([
  'Limiting retries for the idempotent producer may invalidate EoS guarantees',
])

/** Routes one kafkajs log entry into the logger: fields first, kafkajs' message as the message. */
export function writeKafkaLog(log: KafkaLogger, entry: LogEntry): void {
  const { message, timestamp: _timestamp, logger: _logger, ...fields } = entry.log
  const obj = { namespace: entry.namespace, ...fields }
  const level = expectedWarnings.has(message) ? logLevel.DEBUG : entry.level
  switch (level) {
    case logLevel.ERROR:
      log.error(obj, message)
      break
    case logLevel.WARN:
      log.warn(obj, message)
      break
    case logLevel.INFO:
      log.info(obj, message)
      break
    default:
      log.debug(obj, message)
  }
}

import { isSpanContextValid, trace } from '@opentelemetry/api'
import { pino, stdTimeFunctions, type DestinationStream, type Logger as PinoLogger } from 'pino'
import { redactedValue, redactPaths } from './redaction.js'

export type Logger = PinoLogger
export type LoggerLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

export interface LoggerOptions {
  service: string
  level: LoggerLevel
  /** Human-readable output through pino-pretty (development only; a dev dependency). */
  pretty?: boolean
  /** Where JSON lines go; standard output when omitted. Ignored when `pretty` is set. */
  destination?: DestinationStream
}

/** The active span's ids, added to every log line written inside a span. */
function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan()
  if (!span) return {}
  const context = span.spanContext()
  if (!isSpanContextValid(context)) return {}
  return { trace_id: context.traceId, span_id: context.spanId }
}

/**
 * A pino logger writing JSON lines with `service`, ISO time, a text `level`, the active
 * `trace_id`/`span_id`, and secrets (passwords, tokens, signatures, auth headers, cookies) redacted.
 */
export function createLogger({ service, level, pretty = false, destination }: LoggerOptions): Logger {
  const options = {
    level,
    base: { service },
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: [...redactPaths], censor: redactedValue },
    mixin: traceFields,
  }
  if (pretty) return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true } } })
  return destination ? pino(options, destination) : pino(options)
}

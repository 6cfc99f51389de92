import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { NodeSDK, tracing } from '@opentelemetry/sdk-node'
import type { Logger } from './logger.js'

export interface Telemetry {
  /** Flushes buffered spans to the collector and stops tracing. Safe to call more than once. */
  shutdown(): Promise<void>
}

export interface TelemetryOptions {
  service: string
  /** OTLP/HTTP base endpoint, e.g. `http://otel-collector:4318`; tracing is off when unset. */
  otlpEndpoint?: string | undefined
  logger: Logger
}

/** Instrumentations that are noisy or duplicate what the logger already does. */
const disabledInstrumentations = {
  '@opentelemetry/instrumentation-fs': { enabled: false },
  '@opentelemetry/instrumentation-dns': { enabled: false },
  '@opentelemetry/instrumentation-net': { enabled: false },
  '@opentelemetry/instrumentation-pino': { enabled: false },
  '@opentelemetry/instrumentation-runtime-node': { enabled: false },
}

/** The OTLP/HTTP traces URL for a base endpoint, as the OTLP exporter specification defines it. */
export function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`
}

/**
 * Starts OpenTelemetry tracing (OTLP/HTTP export, auto-instrumentation of http, fastify, pg,
 * ioredis, kafkajs, undici and more) when `otlpEndpoint` is set; otherwise does nothing.
 * Call it in main.ts before the application modules are imported, so that the instrumented
 * libraries are patched when they load. Never throws: a failure to start is logged.
 */
export function startTelemetry({ service, otlpEndpoint, logger }: TelemetryOptions): Telemetry {
  if (!otlpEndpoint) {
    logger.debug('tracing disabled (no OTLP endpoint)')
    return { shutdown: () => Promise.resolve() }
  }
  let sdk: NodeSDK
  try {
    const exporter = new OTLPTraceExporter({ url: tracesUrl(otlpEndpoint) })
    sdk = new NodeSDK({
      serviceName: service,
      spanProcessors: [new tracing.BatchSpanProcessor(exporter)],
      instrumentations: [getNodeAutoInstrumentations(disabledInstrumentations)],
    })
    sdk.start()
  } catch (err) {
    logger.error({ err }, 'tracing failed to start; continuing without traces')
    return { shutdown: () => Promise.resolve() }
  }
  logger.info({ otlpEndpoint }, 'tracing started')
  let stopping: Promise<void> | undefined
  return {
    shutdown() {
      stopping ??= sdk.shutdown().catch((err: unknown) => {
        logger.warn({ err }, 'tracing shutdown failed; some spans may be lost')
      })
      return stopping
    },
  }
}

import type { z } from 'zod'
import { ConfigError, loadConfig, type DeepReadonly, type Env } from '@leadflow/config'
import { installShutdown, type ShutdownProcess } from '@leadflow/http'
import { armFailpoints } from '@leadflow/kafka'
import { createLogger, createMetrics, startTelemetry, type Logger, type Metrics } from '@leadflow/telemetry'
import type { ServiceApp } from './service-app.js'

interface CommonConfig {
  LOG_LEVEL: string
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined
  SHUTDOWN_TIMEOUT_MS: number
  LEADFLOW_FAILPOINTS?: Readonly<Record<string, number>>
}

export interface RunServiceOptions<S extends z.ZodObject> {
  service: string
  configSchema: S
  env: Env
  process: ShutdownProcess & {
    stderr: { write(text: string): unknown }
    exitCode?: number | string | undefined
  }
  build: (deps: {
    config: DeepReadonly<z.output<S>>
    logger: Logger
    metrics: Metrics
  }) => Promise<ServiceApp>
}

/**
 * The life of a service process, the same for all six: validate the environment (exit 1 naming
 * every bad variable), start logging, metrics and tracing, build, start, and stop gracefully on
 * SIGTERM/SIGINT.
 */
export async function runService<S extends z.ZodObject>(options: RunServiceOptions<S>): Promise<void> {
  const { service, configSchema, env, process: proc, build } = options
  let config: DeepReadonly<z.output<S>>
  try {
    config = loadConfig(configSchema, env)
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    proc.stderr.write(`${service}: invalid configuration\n${err.message}\n`)
    proc.exit(1)
    return
  }
  const common = config as unknown as CommonConfig
  const logger = createLogger({ service, level: common.LOG_LEVEL as never })
  const telemetry = startTelemetry({ service, otlpEndpoint: common.OTEL_EXPORTER_OTLP_ENDPOINT, logger })
  const metrics = createMetrics({ service })
  const failpoints = common.LEADFLOW_FAILPOINTS ?? {}
  armFailpoints(failpoints)
  if (Object.keys(failpoints).length > 0) logger.warn({ failpoints }, 'crash points armed (fault campaign)')
  try {
    const app = await build({ config, logger, metrics })
    installShutdown({
      logger,
      timeoutMs: common.SHUTDOWN_TIMEOUT_MS,
      process: proc,
      stop: async () => {
        await app.stop()
        await telemetry.shutdown()
      },
    })
    const address = await app.start()
    logger.info({ address }, 'service started')
  } catch (err) {
    logger.fatal({ err }, 'service failed to start')
    await telemetry.shutdown()
    proc.exit(1)
  }
}

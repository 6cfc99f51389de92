import helmet from '@fastify/helmet'
import {
  fastify,
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
} from 'fastify'
import type { Logger, Metrics } from '@leadflow/telemetry'
import { appError } from './app-error.js'
import { toAppError } from './error-mapping.js'
import { recordHttpMetrics, registerOpsRoutes } from './ops.routes.js'
import { sendProblem } from './problem.js'
import { defaultReadinessTimeoutMs, type ReadinessCheck } from './readiness.js'
import { requestIdFor } from './request-id.js'

export type HttpServer = FastifyInstance

export interface HttpServerOptions {
  service: string
  logger: Logger
  metrics: Metrics
  /** Dependencies `GET /readyz` checks (Postgres, Redis, Kafka...). */
  readiness?: readonly ReadinessCheck[]
  readinessTimeoutMs?: number
  /** Largest accepted request body in bytes; 1 MiB by default. */
  bodyLimit?: number
  /** Which peers may set `X-Forwarded-For`; see Fastify's `trustProxy`. Off by default. */
  trustProxy?: FastifyServerOptions['trustProxy']
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/
const firstStorable = Date.parse('0001-01-01T00:00:00Z')
const lastStorable = Date.parse('9999-12-31T23:59:59.999Z')

/** An RFC 3339 date-time with an offset, within the years every store accepts once in UTC. */
export function isStorableInstant(value: string): boolean {
  if (!rfc3339.test(value)) return false
  const at = Date.parse(value)
  return at >= firstStorable && at <= lastStorable
}

/**
 * A Fastify instance with request ids, security headers, problem+json errors, RED metrics and
 * `/healthz`, `/readyz`, `/metrics`. Register the service's routes on it, then `listen()`.
 */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { service, logger, metrics, readiness = [], bodyLimit = 1024 * 1024, trustProxy = false } = options
  const loggerInstance: FastifyBaseLogger = logger.child({ component: 'http' })
  const app: FastifyInstance = fastify({
    loggerInstance,
    bodyLimit,
    trustProxy,
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    genReqId: requestIdFor,
    ajv: {
      customOptions: { allErrors: true },
      // Instants the databases can store: RFC 3339 with an offset, years 1–9999 once in UTC.
      onCreate: (ajv) => ajv.addFormat('date-time', { type: 'string', validate: isStorableInstant }),
    },
    // URLs the router refuses (bad encoding, a path parameter over 100 characters) are problem+json too.
    frameworkErrors: (error, _request, reply) => {
      void sendProblem(reply, toAppError(error))
    },
  })

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  void app.register(helmet, { contentSecurityPolicy: false, global: true })

  app.setErrorHandler((error, request, reply) => {
    const appErr = toAppError(error)
    if (appErr.status >= 500) request.log.error({ err: error, code: appErr.code }, 'request failed')
    else request.log.info({ code: appErr.code, status: appErr.status }, 'request refused')
    return sendProblem(reply, appErr)
  })
  app.setNotFoundHandler((_request, reply) =>
    sendProblem(reply, appError('not_found', 'No route matches this method and path')),
  )

  recordHttpMetrics(app, metrics)
  registerOpsRoutes(app, {
    metrics,
    readiness,
    readinessTimeoutMs: options.readinessTimeoutMs ?? defaultReadinessTimeoutMs,
  })
  app.log.debug({ service }, 'http server created')
  return app
}

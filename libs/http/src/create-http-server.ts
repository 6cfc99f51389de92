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
import { requestLogger } from './request-logger.js'

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

/**
 * The security headers of every answer: what helmet sends by default, without a CSP (services
 * answer JSON; the gateway sets a CSP of its own). Set in one hook from a constant.
 */
export const securityHeaders = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
} as const

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
    childLoggerFactory: requestLogger,
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

  // A plain callback hook: the busiest routes answer in well under a millisecond, and an async
  // hook costs a promise and a microtask per request.
  app.addHook('onRequest', (request, reply, done) => {
    void reply.headers(securityHeaders).header('x-request-id', request.id)
    done()
  })

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

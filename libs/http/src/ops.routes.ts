import type { FastifyInstance } from 'fastify'
import type { Metrics } from '@leadflow/telemetry'
import { appError } from './app-error.js'
import { sendProblem } from './problem.js'
import { runReadinessChecks, type ReadinessCheck } from './readiness.js'

export interface OpsRoutesOptions {
  metrics: Metrics
  readiness: readonly ReadinessCheck[]
  readinessTimeoutMs: number
}

/** `GET /healthz`, `GET /readyz` and `GET /metrics`; quiet in the logs unless something fails. */
export function registerOpsRoutes(app: FastifyInstance, options: OpsRoutesOptions): void {
  const { metrics, readiness, readinessTimeoutMs } = options

  app.get('/healthz', { logLevel: 'warn' }, () => ({ status: 'ok' }))

  app.get('/readyz', { logLevel: 'warn' }, async (request, reply) => {
    const result = await runReadinessChecks(readiness, readinessTimeoutMs)
    if (result.ready) return { status: 'ready', checks: result.checks }
    const failing = Object.entries(result.checks).filter(([, outcome]) => outcome !== 'ok')
    const detail = failing.map(([name, outcome]) => `${name}: ${outcome}`).join('; ')
    request.log.warn({ checks: result.checks }, 'not ready')
    return sendProblem(reply, appError('not_ready', detail, { extensions: { checks: result.checks } }))
  })

  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    const text = await metrics.registry.metrics()
    return reply.type(metrics.registry.contentType).send(text)
  })
}

/** Records RED metrics for every answered request, labelled by route pattern, never the raw URL. */
export function recordHttpMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    }
    metrics.http.requests.inc(labels)
    metrics.http.duration.observe(labels, reply.elapsedTime / 1000)
    done()
  })
}

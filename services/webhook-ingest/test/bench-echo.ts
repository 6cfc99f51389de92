import { fastify, type FastifyRequest } from 'fastify'
import { verifyStandardWebhook } from '../src/domain/standard-webhooks-signature.js'
import { secrets } from './signing.js'

/** A bare Fastify app that hands JSON bodies over as raw bytes: how every bench server starts. */
export function rawBodyApp() {
  const app = fastify()
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_r, body, done) => done(null, body))
  return app
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name]
  return typeof value === 'string' ? value : undefined
}

/**
 * The bench servers' whole Standard Webhooks check: webhook-ingest's own verification (HMAC over
 * `id.timestamp.body` with the bench secret, constant-time, 5 min tolerance). The webhook id and
 * raw body when it verifies, else null.
 */
export function verifiedBenchWebhook(request: FastifyRequest): { id: string; body: Buffer } | null {
  const id = header(request, 'webhook-id')
  const body = request.body as Buffer
  const verified = verifyStandardWebhook({
    secrets: [secrets.inbound],
    id,
    timestamp: header(request, 'webhook-timestamp'),
    signature: header(request, 'webhook-signature'),
    rawBody: body,
    toleranceSec: 300,
  })
  return verified.ok && id ? { id, body } : null
}

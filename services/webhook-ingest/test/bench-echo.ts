import { createHmac, timingSafeEqual } from 'node:crypto'
import { fastify, type FastifyRequest } from 'fastify'
import { standardWebhooksKey } from '../src/domain/standard-webhooks-signature.js'
import { secrets } from './signing.js'

/** A bare Fastify app that hands JSON bodies over as raw bytes: how every bench server starts. */
export function rawBodyApp() {
  const app = fastify()
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_r, body, done) => done(null, body))
  return app
}

const key = standardWebhooksKey(secrets.inbound)

/**
 * The bench servers' whole Standard Webhooks check: the HMAC over `id.timestamp.body` with the
 * bench secret, compared in constant time. The webhook id and raw body when it verifies, else null.
 */
export function verifiedBenchWebhook(request: FastifyRequest): { id: string; body: Buffer } | null {
  const id = String(request.headers['webhook-id'])
  const ts = String(request.headers['webhook-timestamp'])
  const body = request.body as Buffer
  const mac = createHmac('sha256', key).update(`${id}.${ts}.`).update(body).digest()
  const given = Buffer.from(String(request.headers['webhook-signature']).slice(3), 'base64')
  return given.length === mac.length && timingSafeEqual(given, mac) ? { id, body } : null
}

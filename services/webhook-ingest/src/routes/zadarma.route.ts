import type { FastifyInstance } from 'fastify'
import { InvalidWebhookError } from '../domain/parsed-webhook.js'
import { parseZadarma } from '../domain/zadarma-event.js'
import { isZadarmaEvent, verifyZadarmaSignature } from '../domain/zadarma-signature.js'
import { webhookErrors } from '../errors.js'
import { ackSchema, answer, baseRequest, header, type WebhookRouteOptions } from './webhook-request.js'

/** Zadarma: form-encoded notifications signed field by field, and the `zd_echo` check. */
export function zadarmaRoutes(app: FastifyInstance, { ingest }: WebhookRouteOptions): Promise<void> {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_r, body, done) =>
    done(null, body),
  )
  app.get('/webhooks/zadarma', async (request, reply) => {
    const echo = (request.query as Record<string, unknown>).zd_echo
    if (typeof echo !== 'string' || echo.length === 0 || echo.length > 256)
      throw webhookErrors.invalid('zd_echo is required')
    return reply.type('text/plain; charset=utf-8').send(echo)
  })
  app.post('/webhooks/zadarma', { schema: { response: ackSchema } }, async (request, reply) => {
    const base = baseRequest(request, 'zadarma', 'zadarma')
    const fields = Object.fromEntries(new URLSearchParams(base.rawBody.toString('utf8')))
    const event = fields.event
    return answer(
      ingest,
      {
        ...base,
        verify(settings) {
          if (!isZadarmaEvent(event))
            throw webhookErrors.badSignature('Unknown Zadarma event, nothing to verify')
          if (!verifyZadarmaSignature(settings.secrets, event, fields, header(request, 'signature')))
            throw webhookErrors.badSignature()
        },
        parse: (settings, receivedAt) => {
          if (!isZadarmaEvent(event)) throw new InvalidWebhookError('unknown event')
          return parseZadarma(event, fields, {
            provider: 'zadarma',
            receivedAt,
            defaultRegion: settings.defaultRegion,
          })
        },
      },
      reply,
    )
  })
  return Promise.resolve()
}

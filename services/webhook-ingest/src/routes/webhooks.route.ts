import { safeEqual } from '@leadflow/crypto'
import type { FastifyInstance } from 'fastify'
import { parseInbound } from '../domain/inbound-event.js'
import { parseOnlinePbx } from '../domain/onlinepbx-event.js'
import { verifyStandardWebhook } from '../domain/standard-webhooks-signature.js'
import { parseStripe } from '../domain/stripe-event.js'
import { verifyStripeSignature } from '../domain/stripe-signature.js'
import { webhookErrors } from '../errors.js'
import { inboundProvider } from '../settings/provider-settings.js'
import {
  ackSchema,
  answer,
  baseRequest,
  header,
  parseJson,
  type WebhookRouteOptions,
} from './webhook-request.js'
import { zadarmaRoutes } from './zadarma.route.js'

export type { WebhookRouteOptions } from './webhook-request.js'

/** JSON providers: OnlinePBX (path token), Stripe and Standard Webhooks senders (signatures). */
function jsonRoutes(app: FastifyInstance, { ingest, toleranceSec }: WebhookRouteOptions): Promise<void> {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_r, body, done) => done(null, body))

  app.post<{ Params: { token: string } }>(
    '/webhooks/onlinepbx/:token',
    { schema: { response: ackSchema } },
    async (request, reply) => {
      return answer(
        ingest,
        {
          ...baseRequest(request, 'onlinepbx', 'onlinepbx'),
          verify(settings) {
            let ok = false
            for (const secret of settings.secrets) if (safeEqual(request.params.token, secret)) ok = true
            if (!ok) throw webhookErrors.badSignature('The path token is not valid')
          },
          parse: (settings, receivedAt) =>
            parseOnlinePbx(parseJson(request.body as Buffer), {
              provider: 'onlinepbx',
              receivedAt,
              defaultRegion: settings.defaultRegion,
            }),
        },
        reply,
      )
    },
  )

  app.post('/webhooks/stripe', { schema: { response: ackSchema } }, async (request, reply) => {
    const base = baseRequest(request, 'stripe', 'stripe')
    return answer(
      ingest,
      {
        ...base,
        verify(settings) {
          const result = verifyStripeSignature({
            secrets: settings.secrets,
            header: header(request, 'stripe-signature'),
            rawBody: base.rawBody,
            toleranceSec,
          })
          if (!result.ok) throw webhookErrors.badSignature(`The Stripe signature is ${result.reason}`)
        },
        parse: (settings, receivedAt) =>
          parseStripe(parseJson(base.rawBody), {
            provider: 'stripe',
            receivedAt,
            defaultRegion: settings.defaultRegion,
          }),
      },
      reply,
    )
  })

  app.post<{ Params: { source: string } }>(
    '/webhooks/inbound/:source',
    { schema: { response: ackSchema } },
    async (request, reply) => {
      const source = request.params.source
      if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(source)) throw webhookErrors.unknownProvider()
      const provider = inboundProvider(source)
      const base = baseRequest(request, provider, 'inbound')
      const webhookId = header(request, 'webhook-id')
      return answer(
        ingest,
        {
          ...base,
          verify(settings) {
            const result = verifyStandardWebhook({
              secrets: settings.secrets,
              id: webhookId,
              timestamp: header(request, 'webhook-timestamp'),
              signature: header(request, 'webhook-signature'),
              rawBody: base.rawBody,
              toleranceSec,
            })
            if (!result.ok) throw webhookErrors.badSignature(`The webhook signature is ${result.reason}`)
          },
          parse: (settings, receivedAt) =>
            parseInbound(parseJson(base.rawBody), {
              provider,
              source,
              webhookId: webhookId ?? '',
              receivedAt,
              defaultRegion: settings.defaultRegion,
              defaultLeadSource: settings.defaultLeadSource,
            }),
        },
        reply,
      )
    },
  )
  return Promise.resolve()
}

/** Every `/webhooks/*` route, with raw-body parsers and the webhook body limit. */
export async function webhookRoutes(app: FastifyInstance, options: WebhookRouteOptions) {
  await app.register(async (scoped) => {
    scoped.addHook('onRoute', (route) => {
      route.bodyLimit = options.bodyLimit
    })
    await scoped.register(zadarmaRoutes, options)
    await scoped.register(jsonRoutes, options)
  })
}

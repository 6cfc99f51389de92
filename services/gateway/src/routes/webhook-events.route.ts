import type { FastifyInstance, FastifyRequest } from 'fastify'
import { audit } from '../audit/audit.js'
import type { RouteDeps } from './route-deps.js'
import { bearerAuth, responses, uuidParams } from './schemas.js'
import {
  adminOnly,
  instant,
  internalApi,
  nullableInstant,
  nullableString,
  pageQueryProperties,
  pageResponse,
  strictObject,
  uuid,
  type Page,
} from './settings-proxy.js'

const eventProperties = {
  id: uuid,
  provider: { type: 'string' },
  eventId: { type: 'string', description: "The provider's event id (the deduplication key)" },
  eventType: { type: 'string' },
  status: { type: 'string', enum: ['accepted', 'ignored'] },
  reason: nullableString,
  emittedType: { ...nullableString, description: 'The event published for it, if any' },
  clientIp: { type: 'string' },
  duplicates: { type: 'integer', description: 'Deliveries of the same event answered as duplicates' },
  replayCount: { type: 'integer' },
  lastReplayedAt: nullableInstant,
  receivedAt: instant,
} as const

const eventJson = strictObject(eventProperties)

const eventDetailJson = strictObject({
  ...eventProperties,
  contentType: { type: 'string' },
  headers: {
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Request headers kept with the event; signature headers are never shown',
  },
  rawBody: { type: 'string', description: 'The body as received, decoded as UTF-8' },
  rawBodyBase64: { type: 'string', description: 'The exact bytes received' },
})

const replayResult = strictObject({
  replayed: { type: 'integer', description: 'Events published again with their original event id' },
  skipped: { type: 'integer', description: 'Events that had nothing to publish (ignored ones)' },
})

interface ListQuery {
  provider?: string
  status?: string
  from?: string
  to?: string
  limit: number
  cursor?: string
}

interface Replayed {
  replayed: number
  skipped: number
}

/** Received webhooks held by webhook-ingest: list, inspect, replay (administrators only). */
export function webhookEventRoutes(app: FastifyInstance, { config, db }: RouteDeps): Promise<void> {
  const tags = ['webhook-events']
  app.addHook('preHandler', adminOnly)
  const api = (request: FastifyRequest) =>
    internalApi(request, config.WEBHOOK_INGEST_URL, config.INTERNAL_API_TOKEN)

  app.get<{ Querystring: ListQuery }>(
    '/webhook-events',
    {
      schema: {
        tags,
        summary: 'Received webhooks, newest first (admin)',
        security: bearerAuth,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageQueryProperties,
            provider: { type: 'string', maxLength: 100, description: 'e.g. `zadarma` or `inbound:shop`' },
            status: { type: 'string', enum: ['accepted', 'ignored'] },
            from: { type: 'string', format: 'date-time', description: 'Received at or after' },
            to: { type: 'string', format: 'date-time', description: 'Received before' },
          },
        },
        response: pageResponse(eventJson),
      },
    },
    async (request) => api(request).get<Page<unknown>>('/internal/v1/webhook-events', { ...request.query }),
  )

  app.get<{ Params: { id: string } }>(
    '/webhook-events/:id',
    {
      schema: {
        tags,
        summary: 'One received webhook with its raw body as received (admin)',
        security: bearerAuth,
        params: uuidParams,
        response: responses({ 200: eventDetailJson }),
      },
    },
    async (request) => api(request).get<unknown>(`/internal/v1/webhook-events/${request.params.id}`),
  )

  app.post<{ Params: { id: string } }>(
    '/webhook-events/:id/replay',
    {
      schema: {
        tags,
        summary: 'Publish one received webhook again, with the same event id (admin)',
        security: bearerAuth,
        params: uuidParams,
        response: responses({ 200: replayResult }),
      },
    },
    async (request) => {
      const { id } = request.params
      await api(request).get<unknown>(`/internal/v1/webhook-events/${id}`)
      const result = await api(request).post<Replayed>('/internal/v1/webhook-events/replay', { ids: [id] })
      await audit(db, request, {
        action: 'webhook_event.replay',
        targetType: 'webhook_event',
        targetId: id,
        after: { ...result },
      })
      return result
    },
  )

  app.post<{ Body: Record<string, unknown> }>(
    '/webhook-events/replay',
    {
      schema: {
        tags,
        summary: 'Publish several received webhooks again: by ids, or by provider and time range (admin)',
        security: bearerAuth,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            ids: { type: 'array', minItems: 1, maxItems: 200, items: uuid },
            provider: { type: 'string', maxLength: 100 },
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
          },
        },
        response: responses({ 200: replayResult }),
      },
    },
    async (request) => {
      const result = await api(request).post<Replayed>('/internal/v1/webhook-events/replay', request.body)
      await audit(db, request, {
        action: 'webhook_event.replay',
        targetType: 'webhook_event',
        after: JSON.parse(JSON.stringify({ ...request.body, ...result })) as Record<string, string>,
      })
      return result
    },
  )
  return Promise.resolve()
}

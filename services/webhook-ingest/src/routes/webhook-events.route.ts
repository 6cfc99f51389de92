import { appError } from '@leadflow/http'
import type { OutboxRelay } from '@leadflow/outbox'
import type { FastifyInstance } from 'fastify'
import type { Prisma, PrismaClient } from '../generated/prisma/client.js'

export interface WebhookEventRouteOptions {
  db: PrismaClient
  relay: Pick<OutboxRelay, 'wake'>
}

const eventView = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    provider: { type: 'string' },
    eventId: { type: 'string' },
    eventType: { type: 'string' },
    status: { type: 'string' },
    reason: { type: ['string', 'null'] },
    emittedType: { type: ['string', 'null'] },
    clientIp: { type: 'string' },
    duplicates: { type: 'integer' },
    replayCount: { type: 'integer' },
    lastReplayedAt: { type: ['string', 'null'], format: 'date-time' },
    receivedAt: { type: 'string', format: 'date-time' },
  },
} as const

/** One event as received: the raw body and the kept headers, signature headers left out. */
const eventDetail = {
  type: 'object',
  properties: {
    ...eventView.properties,
    contentType: { type: 'string' },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    rawBody: { type: 'string', description: 'The body as received, decoded as UTF-8' },
    rawBodyBase64: { type: 'string', description: 'The exact bytes received' },
  },
} as const

const signatureHeaders = new Set(['signature', 'stripe-signature', 'webhook-signature', 'authorization'])

function withoutSignatures(headers: unknown): Record<string, string> {
  if (!headers || typeof headers !== 'object') return {}
  return Object.fromEntries(
    Object.entries(headers as Record<string, unknown>).filter(
      (entry): entry is [string, string] =>
        typeof entry[1] === 'string' && !signatureHeaders.has(entry[0].toLowerCase()),
    ),
  )
}

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    provider: { type: 'string', maxLength: 100 },
    status: { type: 'string', enum: ['accepted', 'ignored'] },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    cursor: { type: 'string', maxLength: 200 },
  },
} as const

const replayBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ids: { type: 'array', minItems: 1, maxItems: 200, items: { type: 'string', format: 'uuid' } },
    provider: { type: 'string', maxLength: 100 },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
  },
} as const

interface ListQuery {
  provider?: string
  status?: string
  from?: string
  to?: string
  limit: number
  cursor?: string
}
interface ReplayBody {
  ids?: string[]
  provider?: string
  from?: string
  to?: string
  limit: number
}

type Row = Prisma.WebhookEventGetPayload<object>

const encodeCursor = (row: Row) =>
  Buffer.from(JSON.stringify([row.receivedAt.toISOString(), row.id])).toString('base64url')

function decodeCursor(cursor: string): { receivedAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string]
    const receivedAt = new Date(at)
    if (typeof id !== 'string' || Number.isNaN(receivedAt.getTime())) throw new Error('bad cursor')
    return { receivedAt, id }
  } catch {
    throw appError('bad_request', 'The cursor is not valid')
  }
}

const toView = (row: Row) => ({
  ...row,
  lastReplayedAt: row.lastReplayedAt?.toISOString() ?? null,
  receivedAt: row.receivedAt.toISOString(),
})

/** Internal API for the gateway: received webhooks (newest first) and their replay. */
export function webhookEventRoutes(
  app: FastifyInstance,
  { db, relay }: WebhookEventRouteOptions,
): Promise<void> {
  const listResponse = {
    type: 'object',
    properties: { data: { type: 'array', items: eventView }, nextCursor: { type: ['string', 'null'] } },
  }
  app.get(
    '/internal/v1/webhook-events',
    { schema: { querystring: listQuery, response: { 200: listResponse } } },
    async (request) => {
      const q = request.query as ListQuery
      const and: Prisma.WebhookEventWhereInput[] = []
      if (q.provider) and.push({ provider: q.provider })
      if (q.status) and.push({ status: q.status })
      if (q.from) and.push({ receivedAt: { gte: new Date(q.from) } })
      if (q.to) and.push({ receivedAt: { lt: new Date(q.to) } })
      if (q.cursor) {
        const c = decodeCursor(q.cursor)
        and.push({
          OR: [{ receivedAt: { lt: c.receivedAt } }, { receivedAt: c.receivedAt, id: { lt: c.id } }],
        })
      }
      const rows = await db.webhookEvent.findMany({
        where: { AND: and },
        orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
        take: q.limit + 1,
        omit: { rawBody: true, emittedValue: true, headers: true, emittedHeaders: true },
      })
      const page = rows.slice(0, q.limit) as Row[]
      const last = page.at(-1)
      return { data: page.map(toView), nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null }
    },
  )

  app.get(
    '/internal/v1/webhook-events/:id',
    {
      schema: {
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', format: 'uuid' } },
        },
        response: { 200: eventDetail },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string }
      const row = await db.webhookEvent.findUnique({
        where: { id },
        omit: { emittedValue: true, emittedHeaders: true },
      })
      if (!row) throw appError('not_found', 'No such webhook event')
      const { rawBody, headers, ...rest } = row
      const body = Buffer.from(rawBody)
      return {
        ...toView(rest as Row),
        headers: withoutSignatures(headers),
        rawBody: body.toString('utf8'),
        rawBodyBase64: body.toString('base64'),
      }
    },
  )

  const replayResponse = {
    type: 'object',
    properties: { replayed: { type: 'integer' }, skipped: { type: 'integer' } },
  }
  app.post(
    '/internal/v1/webhook-events/replay',
    { schema: { body: replayBody, response: { 200: replayResponse } } },
    async (request) => {
      const body = request.body as ReplayBody
      if (!body.ids && !body.from && !body.to && !body.provider)
        throw appError('validation_failed', 'Give ids or a range', {
          errors: [{ field: 'ids', message: 'ids or provider/from/to is required' }],
        })
      const where: Prisma.WebhookEventWhereInput = body.ids
        ? { id: { in: body.ids } }
        : {
            ...(body.provider && { provider: body.provider }),
            receivedAt: {
              ...(body.from && { gte: new Date(body.from) }),
              ...(body.to && { lt: new Date(body.to) }),
            },
          }
      const result = await db.$transaction(async (tx) => {
        const rows = await tx.webhookEvent.findMany({
          where,
          orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
          take: body.ids ? 200 : body.limit,
        })
        const emitted = rows.filter(
          (row) => row.emittedTopic && row.emittedKey && row.emittedValue && row.emittedHeaders,
        )
        await tx.outboxMessage.createMany({
          data: emitted.map((row) => ({
            topic: row.emittedTopic ?? '',
            key: row.emittedKey ?? '',
            value: row.emittedValue ?? new Uint8Array(),
            headers: row.emittedHeaders ?? {},
          })),
        })
        await tx.webhookEvent.updateMany({
          where: { id: { in: emitted.map((row) => row.id) } },
          data: { replayCount: { increment: 1 }, lastReplayedAt: new Date() },
        })
        return { replayed: emitted.length, skipped: rows.length - emitted.length }
      })
      relay.wake()
      request.log.info(result, 'webhook events replayed')
      return result
    },
  )
  return Promise.resolve()
}

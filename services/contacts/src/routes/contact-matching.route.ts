import type { FastifyInstance } from 'fastify'
import { findDuplicates } from '../handlers/duplicates.handler.js'
import { mergeContacts } from '../handlers/merge-contacts.handler.js'
import { resolveContact, type ResolveInput } from '../handlers/resolve-contact.handler.js'
import { maxResolveBatch, resolveContacts } from '../handlers/resolve-contacts-batch.handler.js'
import { contactJson, toContactJson } from './json-schemas.js'
import type { RouteDeps } from './route-deps.js'

const resolveBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    phone: { type: ['string', 'null'], maxLength: 64 },
    email: { type: ['string', 'null'], maxLength: 254, pattern: '^\\s*[^@\\s]+@[^@\\s]+\\s*$' },
    name: { type: ['string', 'null'], maxLength: 500 },
    company: { type: ['string', 'null'], maxLength: 500 },
    defaultRegion: { type: ['string', 'null'], pattern: '^[A-Za-z]{2}$' },
  },
} as const

const resolveBatchBody = {
  type: 'object',
  additionalProperties: false,
  required: ['items'],
  properties: { items: { type: 'array', minItems: 1, maxItems: maxResolveBatch, items: resolveBody } },
} as const

const resolvedJson = {
  type: 'object',
  required: ['contact', 'created', 'needsReview'],
  properties: { contact: contactJson, created: { type: 'boolean' }, needsReview: { type: 'boolean' } },
} as const

const mergeBody = {
  type: 'object',
  additionalProperties: false,
  required: ['keepId', 'mergeId'],
  properties: { keepId: { type: 'string', format: 'uuid' }, mergeId: { type: 'string', format: 'uuid' } },
} as const

/** Resolve (find-or-create one contact per person), merge, and duplicate candidates. */
export function contactMatchingRoutes(app: FastifyInstance, { db, region, published }: RouteDeps): void {
  app.post<{ Body: ResolveInput }>(
    '/contacts/resolve',
    {
      schema: { body: resolveBody, response: { 200: resolvedJson } },
    },
    async (request) => {
      const result = await resolveContact(db, request.body, region)
      published()
      return {
        contact: toContactJson(result.contact),
        created: result.created,
        needsReview: result.needsReview,
      }
    },
  )

  // Many resolves in one request (lead-router drains a backlog this way); answers in input order.
  app.post<{ Body: { items: ResolveInput[] } }>(
    '/contacts/resolve-batch',
    {
      schema: {
        body: resolveBatchBody,
        response: {
          200: {
            type: 'object',
            required: ['data'],
            properties: { data: { type: 'array', items: resolvedJson } },
          },
        },
      },
    },
    async (request) => {
      const results = await resolveContacts(db, request.body.items, region)
      published()
      return {
        data: results.map((result) => ({
          contact: toContactJson(result.contact),
          created: result.created,
          needsReview: result.needsReview,
        })),
      }
    },
  )

  app.post<{ Body: { keepId: string; mergeId: string } }>(
    '/contacts/merge',
    {
      schema: {
        body: mergeBody,
        response: { 200: { type: 'object', required: ['contact'], properties: { contact: contactJson } } },
      },
    },
    async (request) => {
      const contact = await mergeContacts(db, request.body.keepId, request.body.mergeId)
      published()
      return { contact: toContactJson(contact) }
    },
  )

  app.get<{ Querystring: { limit: number } }>(
    '/contacts/duplicates',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        },
        response: {
          200: {
            type: 'object',
            required: ['data'],
            properties: {
              data: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['a', 'b', 'reason'],
                  properties: { a: contactJson, b: contactJson, reason: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    },
    async (request) => {
      const pairs = await findDuplicates(db, request.query.limit)
      return { data: pairs.map((p) => ({ a: toContactJson(p.a), b: toContactJson(p.b), reason: p.reason })) }
    },
  )
}

import type { FastifyInstance } from 'fastify'
import { audit } from '../audit/audit.js'
import { fromDownstream } from './downstream.js'
import { contactMatchingRoutes } from './contacts-matching.route.js'
import {
  contactPublicSchema,
  contactsService,
  contactSummary,
  crmGuard,
  type ContactJson,
} from './contacts-shared.js'
import type { RouteDeps } from './route-deps.js'
import { apiKeyOrBearer, pageOf, responses, uuidParams } from './schemas.js'

const tags = ['contacts']
const nullableText = (maxLength: number) => ({ type: ['string', 'null'], maxLength }) as const

const writeProperties = {
  name: nullableText(200),
  email: { type: ['string', 'null'], maxLength: 254, pattern: '^\\s*[^@\\s]+@[^@\\s]+\\s*$' },
  phone: { ...nullableText(64), description: 'Any common format; stored as E.164 when understood' },
  companyId: { type: ['string', 'null'], format: 'uuid' },
  defaultRegion: {
    type: 'string',
    pattern: '^[A-Za-z]{2}$',
    description: 'ISO country for a phone written without a country code',
  },
} as const

interface ContactWrite {
  name?: string | null
  email?: string | null
  phone?: string | null
  companyId?: string | null
  defaultRegion?: string
}

interface ListQuery {
  limit: number
  cursor?: string
  q?: string
  needsReview?: boolean
  companyId?: string
  sort: string
}

type Id = { Params: { id: string } }
const contact = contactPublicSchema

/** Contacts from the contacts service: list, search, get, create, edit, delete and restore. */
export async function contactRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const service = contactsService(deps)
  const { db } = deps

  app.get<{ Querystring: ListQuery }>(
    '/contacts',
    {
      preHandler: crmGuard('read'),
      schema: {
        tags,
        summary: 'List and search live contacts',
        security: apiKeyOrBearer,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            cursor: { type: 'string', maxLength: 512 },
            q: {
              type: 'string',
              minLength: 1,
              maxLength: 200,
              description: 'Name, e-mail or phone in any format',
            },
            needsReview: { type: 'boolean' },
            companyId: { type: 'string', format: 'uuid' },
            sort: { type: 'string', enum: ['createdAt', '-createdAt', 'name'], default: 'createdAt' },
          },
        },
        response: responses({ 200: pageOf(contact) }),
      },
    },
    async (request) =>
      service(request)
        .get('/internal/v1/contacts', { ...request.query })
        .catch(fromDownstream),
  )

  app.post<{ Body: ContactWrite }>(
    '/contacts',
    {
      preHandler: crmGuard('write'),
      schema: {
        tags,
        summary: 'Create a contact (409 contact_conflict when the phone or e-mail is taken)',
        security: apiKeyOrBearer,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: writeProperties,
          anyOf: [{ required: ['name'] }, { required: ['email'] }, { required: ['phone'] }],
        },
        response: responses({ 201: contact }),
      },
    },
    async (request, reply) => {
      const created = await service(request)
        .post<ContactJson>('/internal/v1/contacts', request.body)
        .catch(fromDownstream)
      await audit(db, request, {
        action: 'contact.create',
        targetType: 'contact',
        targetId: created.id,
        after: contactSummary(created),
      })
      return reply.code(201).send(created)
    },
  )

  // `/contacts/duplicates` is a static path: the router prefers it to `/contacts/:id`.
  await app.register(contactMatchingRoutes, deps)

  app.get<Id>(
    '/contacts/:id',
    {
      preHandler: crmGuard('read'),
      schema: { tags, security: apiKeyOrBearer, params: uuidParams, response: responses({ 200: contact }) },
    },
    async (request) =>
      service(request).get(`/internal/v1/contacts/${request.params.id}`).catch(fromDownstream),
  )

  app.patch<Id & { Body: ContactWrite }>(
    '/contacts/:id',
    {
      preHandler: crmGuard('write'),
      schema: {
        tags,
        summary: 'Edit a contact (null clears a field)',
        security: apiKeyOrBearer,
        params: uuidParams,
        body: { type: 'object', additionalProperties: false, properties: writeProperties, minProperties: 1 },
        response: responses({ 200: contact }),
      },
    },
    async (request) => {
      const path = `/internal/v1/contacts/${request.params.id}`
      const before = await service(request).get<ContactJson>(path).catch(fromDownstream)
      const after = await service(request).patch<ContactJson>(path, request.body).catch(fromDownstream)
      await audit(db, request, {
        action: 'contact.update',
        targetType: 'contact',
        targetId: after.id,
        before: contactSummary(before),
        after: contactSummary(after),
      })
      return after
    },
  )

  app.delete<Id>(
    '/contacts/:id',
    {
      preHandler: crmGuard('curate'),
      schema: {
        tags,
        summary: 'Delete a contact (soft: POST /contacts/:id/restore undoes it)',
        security: apiKeyOrBearer,
        params: uuidParams,
        response: responses({ 204: { type: 'null', description: 'Deleted' } }),
      },
    },
    async (request, reply) => {
      const path = `/internal/v1/contacts/${request.params.id}`
      const before = await service(request).get<ContactJson>(path).catch(fromDownstream)
      await service(request).delete(path).catch(fromDownstream)
      await audit(db, request, {
        action: 'contact.delete',
        targetType: 'contact',
        targetId: before.id,
        before: contactSummary(before),
      })
      return reply.code(204).send()
    },
  )

  app.post<Id>(
    '/contacts/:id/restore',
    {
      preHandler: crmGuard('curate'),
      schema: {
        tags,
        summary: 'Undo the deletion of a contact',
        security: apiKeyOrBearer,
        params: uuidParams,
        response: responses({ 200: contact }),
      },
    },
    async (request) => {
      const restored = await service(request)
        .post<ContactJson>(`/internal/v1/contacts/${request.params.id}/restore`)
        .catch(fromDownstream)
      await audit(db, request, {
        action: 'contact.restore',
        targetType: 'contact',
        targetId: restored.id,
        after: contactSummary(restored),
      })
      return restored
    },
  )
}

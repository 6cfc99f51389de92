import { contactWriteFields } from '@leadflow/api-schemas'
import type { FastifyInstance } from 'fastify'
import { contactMatchingRoutes } from './contacts-matching.route.js'
import { contactPublicSchema, contactSummary, crmGuard, type ContactJson } from './contacts-shared.js'
import { crmResource } from './crm-resource.js'
import { fromDownstream } from './downstream.js'
import type { RouteDeps } from './route-deps.js'
import { apiKeyOrBearer, responses, uuidParams } from './schemas.js'

interface ContactWrite {
  name?: string | null
  email?: string | null
  phone?: string | null
  companyId?: string | null
  defaultRegion?: string
}

type Id = { Params: { id: string } }
const contact = contactPublicSchema

/** Contacts from the contacts service: list, search, get, create, edit, delete and restore. */
export async function contactRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const contacts = crmResource<ContactJson>(deps, {
    path: 'contacts',
    auditType: 'contact',
    item: contact,
    writeProperties: contactWriteFields,
    summarize: contactSummary,
  })
  const { tags, service, one } = contacts

  contacts.listRoute(app, {
    summary: 'List and search live contacts',
    filters: {
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
  })

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
          properties: contactWriteFields,
          anyOf: [{ required: ['name'] }, { required: ['email'] }, { required: ['phone'] }],
        },
        response: responses({ 201: contact }),
      },
    },
    async (request, reply) => {
      const created = await service(request)
        .post<ContactJson>('/internal/v1/contacts', request.body)
        .catch(fromDownstream)
      await contacts.recordAudit(request, 'create', created.id, { after: contactSummary(created) })
      return reply.code(201).send(created)
    },
  )

  // `/contacts/duplicates` is a static path: the router prefers it to `/contacts/:id`.
  await app.register(contactMatchingRoutes, deps)

  contacts.getAndEditRoutes(app, { editSummary: 'Edit a contact (null clears a field)' })

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
      const before = await service(request).get<ContactJson>(one(request.params.id)).catch(fromDownstream)
      await service(request).delete(one(request.params.id)).catch(fromDownstream)
      await contacts.recordAudit(request, 'delete', before.id, { before: contactSummary(before) })
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
        .post<ContactJson>(`${one(request.params.id)}/restore`)
        .catch(fromDownstream)
      await contacts.recordAudit(request, 'restore', restored.id, { after: contactSummary(restored) })
      return restored
    },
  )
}

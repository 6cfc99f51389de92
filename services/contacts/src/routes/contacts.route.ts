import { contactWriteFields } from '@leadflow/api-schemas'
import type { FastifyInstance } from 'fastify'
import {
  createContact,
  deleteContact,
  getContact,
  restoreContact,
  updateContact,
  type ContactWrite,
} from '../handlers/contact-crud.handler.js'
import { listContacts, type ListContactsQuery } from '../handlers/list-contacts.handler.js'
import { contactJson, idParams, pageOf, pageQuery, toContactJson } from './json-schemas.js'
import type { RouteDeps } from './route-deps.js'

const writeBody = {
  type: 'object',
  additionalProperties: false,
  properties: contactWriteFields,
} as const

const createBody = {
  ...writeBody,
  anyOf: [{ required: ['name'] }, { required: ['email'] }, { required: ['phone'] }],
} as const

type Id = { Params: { id: string } }

/** Contacts CRUD: list with search and filters, get, create, edit, soft delete and restore. */
export function contactRoutes(app: FastifyInstance, { db, region, published }: RouteDeps): void {
  app.get<{ Querystring: ListContactsQuery }>(
    '/contacts',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageQuery,
            q: { type: 'string', maxLength: 200 },
            needsReview: { type: 'boolean' },
            companyId: { type: 'string', format: 'uuid' },
            sort: { type: 'string', enum: ['createdAt', '-createdAt', 'name'], default: 'createdAt' },
          },
        },
        response: { 200: pageOf(contactJson) },
      },
    },
    async (request) => {
      const page = await listContacts(db, request.query, region)
      return { data: page.data.map(toContactJson), nextCursor: page.nextCursor }
    },
  )

  app.post<{ Body: ContactWrite }>(
    '/contacts',
    { schema: { body: createBody, response: { 201: contactJson } } },
    async (request, reply) => {
      const contact = await createContact(db, request.body, region)
      published()
      return reply.code(201).send(toContactJson(contact))
    },
  )

  app.get<Id>(
    '/contacts/:id',
    { schema: { params: idParams, response: { 200: contactJson } } },
    async (request) => toContactJson(await getContact(db, request.params.id)),
  )

  app.patch<Id & { Body: ContactWrite }>(
    '/contacts/:id',
    { schema: { params: idParams, body: writeBody, response: { 200: contactJson } } },
    async (request) => {
      const contact = await updateContact(db, request.params.id, request.body, region)
      published()
      return toContactJson(contact)
    },
  )

  app.delete<Id>('/contacts/:id', { schema: { params: idParams } }, async (request, reply) => {
    await deleteContact(db, request.params.id)
    return reply.code(204).send()
  })

  app.post<Id>(
    '/contacts/:id/restore',
    { schema: { params: idParams, response: { 200: contactJson } } },
    async (request) => toContactJson(await restoreContact(db, request.params.id)),
  )
}

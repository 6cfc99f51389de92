import { appError } from '@leadflow/http'
import type { FastifyInstance } from 'fastify'
import { audit } from '../audit/audit.js'
import { fromDownstream } from './downstream.js'
import {
  contactPublicSchema,
  contactsService,
  contactSummary,
  crmGuard,
  type ContactJson,
} from './contacts-shared.js'
import type { RouteDeps } from './route-deps.js'
import { apiKeyOrBearer, bearerAuth, responses, uuidParams } from './schemas.js'

const tags = ['contacts']

const duplicatePair = {
  type: 'object',
  properties: {
    a: contactPublicSchema,
    b: contactPublicSchema,
    reason: {
      type: 'string',
      description:
        'phone_and_email_differ, same_phone_after_normalization, same_email_after_normalization, same_phone_digits or same_name_and_email_domain',
    },
  },
  required: ['a', 'b', 'reason'],
} as const

interface DuplicatePair {
  a: ContactJson
  b: ContactJson
  reason: string
}

/** Duplicate candidates and merging two contacts into one. */
export function contactMatchingRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const service = contactsService(deps)

  app.get<{ Querystring: { limit: number } }>(
    '/contacts/duplicates',
    {
      preHandler: crmGuard('read'),
      schema: {
        tags,
        summary: 'Pairs of contacts that are probably one person, for review and merge',
        security: apiKeyOrBearer,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        },
        response: responses({
          200: {
            type: 'object',
            properties: {
              data: { type: 'array', items: duplicatePair },
              nextCursor: { type: 'null', description: 'Always null: one list of at most `limit` pairs' },
            },
            required: ['data', 'nextCursor'],
          },
        }),
      },
    },
    async (request) => {
      const pairs = await service(request)
        .get<{ data: DuplicatePair[] }>('/internal/v1/contacts/duplicates', { limit: request.query.limit })
        .catch(fromDownstream)
      return { data: pairs.data, nextCursor: null }
    },
  )

  app.post<{ Params: { id: string }; Body: { mergeId: string } }>(
    '/contacts/:id/merge',
    {
      preHandler: crmGuard('curate'),
      schema: {
        tags,
        summary: 'Merge another contact into this one',
        description:
          'This contact keeps its data and takes what it lacks from `mergeId`; the other contact points to it and its leads follow. Repeating a merge changes nothing.',
        security: bearerAuth,
        params: uuidParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { mergeId: { type: 'string', format: 'uuid' } },
          required: ['mergeId'],
        },
        response: responses({ 200: contactPublicSchema }),
      },
    },
    async (request) => {
      const keepId = request.params.id
      const { mergeId } = request.body
      if (keepId === mergeId) throw validationError()
      const { contact } = await service(request)
        .post<{ contact: ContactJson }>('/internal/v1/contacts/merge', { keepId, mergeId })
        .catch(fromDownstream)
      await audit(deps.db, request, {
        action: 'contact.merge',
        targetType: 'contact',
        targetId: keepId,
        before: { mergeId },
        after: contactSummary(contact),
      })
      return contact
    },
  )
  return Promise.resolve()
}

function validationError() {
  return appError('validation_failed', 'A contact cannot be merged into itself', {
    errors: [{ field: '/mergeId', message: 'must differ from the contact id' }],
  })
}

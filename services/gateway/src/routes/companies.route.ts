import { InternalApiError } from '@leadflow/http'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { audit } from '../audit/audit.js'
import { fromDownstream } from './downstream.js'
import {
  companyPublicSchema,
  companySummary,
  contactsService,
  crmGuard,
  type CompanyJson,
} from './contacts-shared.js'
import type { RouteDeps } from './route-deps.js'
import { apiKeyOrBearer, pageOf, responses, uuidParams } from './schemas.js'

const tags = ['companies']
const company = companyPublicSchema

const writeProperties = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  phone: { type: ['string', 'null'], maxLength: 64, description: 'Any common format' },
  emailDomain: {
    type: ['string', 'null'],
    maxLength: 253,
    pattern: '^\\s*@?[A-Za-z0-9.-]+\\.[A-Za-z]{2,}\\s*$',
  },
  defaultRegion: { type: 'string', pattern: '^[A-Za-z]{2}$' },
} as const

interface CompanyWrite {
  name?: string
  phone?: string | null
  emailDomain?: string | null
  defaultRegion?: string
}

type Id = { Params: { id: string } }

/**
 * Creates through contacts, telling a new company (201) from an existing match (200), which the
 * shared JSON client does not expose.
 */
async function createCompany(
  { config }: RouteDeps,
  request: FastifyRequest,
  body: CompanyWrite,
): Promise<{ company: CompanyJson; created: boolean }> {
  const response = await fetch(new URL('/internal/v1/companies', config.CONTACTS_URL), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${config.INTERNAL_API_TOKEN}`,
      'content-type': 'application/json',
      'x-request-id': request.id,
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  })
  const parsed: unknown = await response.json()
  if (!response.ok)
    throw new InternalApiError(
      response.status,
      parsed as Record<string, unknown>,
      `POST /internal/v1/companies → ${response.status}`,
    )
  return { company: parsed as CompanyJson, created: response.status === 201 }
}

/** Companies from the contacts service: list, search, get, create (deduplicated) and edit. */
export function companyRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const service = contactsService(deps)
  const { db } = deps

  app.get<{ Querystring: { limit: number; cursor?: string; q?: string } }>(
    '/companies',
    {
      preHandler: crmGuard('read'),
      schema: {
        tags,
        summary: 'List and search companies',
        security: apiKeyOrBearer,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            cursor: { type: 'string', maxLength: 512 },
            q: { type: 'string', minLength: 1, maxLength: 200, description: 'Name, e-mail domain or phone' },
          },
        },
        response: responses({ 200: pageOf(company) }),
      },
    },
    async (request) =>
      service(request)
        .get('/internal/v1/companies', { ...request.query })
        .catch(fromDownstream),
  )

  app.post<{ Body: CompanyWrite & { name: string } }>(
    '/companies',
    {
      preHandler: crmGuard('write'),
      schema: {
        tags,
        summary: 'Create a company; an existing one with the same phone, domain or name answers 200',
        security: apiKeyOrBearer,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: writeProperties,
        },
        response: responses({ 200: company, 201: company }),
      },
    },
    async (request, reply) => {
      const response = await createCompany(deps, request, request.body).catch(fromDownstream)
      if (response.created) {
        await audit(db, request, {
          action: 'company.create',
          targetType: 'company',
          targetId: response.company.id,
          after: companySummary(response.company),
        })
      }
      return reply.code(response.created ? 201 : 200).send(response.company)
    },
  )

  app.get<Id>(
    '/companies/:id',
    {
      preHandler: crmGuard('read'),
      schema: { tags, security: apiKeyOrBearer, params: uuidParams, response: responses({ 200: company }) },
    },
    async (request) =>
      service(request).get(`/internal/v1/companies/${request.params.id}`).catch(fromDownstream),
  )

  app.patch<Id & { Body: CompanyWrite }>(
    '/companies/:id',
    {
      preHandler: crmGuard('write'),
      schema: {
        tags,
        summary: 'Edit a company (409 company_conflict when its phone, domain or name is taken)',
        security: apiKeyOrBearer,
        params: uuidParams,
        body: { type: 'object', additionalProperties: false, properties: writeProperties, minProperties: 1 },
        response: responses({ 200: company }),
      },
    },
    async (request) => {
      const path = `/internal/v1/companies/${request.params.id}`
      const before = await service(request).get<CompanyJson>(path).catch(fromDownstream)
      const after = await service(request).patch<CompanyJson>(path, request.body).catch(fromDownstream)
      await audit(db, request, {
        action: 'company.update',
        targetType: 'company',
        targetId: after.id,
        before: companySummary(before),
        after: companySummary(after),
      })
      return after
    },
  )
  return Promise.resolve()
}

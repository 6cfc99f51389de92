import { companyWriteFields } from '@leadflow/api-schemas'
import { InternalApiError } from '@leadflow/http'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { companyPublicSchema, companySummary, crmGuard, type CompanyJson } from './contacts-shared.js'
import { crmResource } from './crm-resource.js'
import { fromDownstream } from './downstream.js'
import type { RouteDeps } from './route-deps.js'
import { apiKeyOrBearer, responses } from './schemas.js'

const company = companyPublicSchema

interface CompanyWrite {
  name?: string
  phone?: string | null
  emailDomain?: string | null
  defaultRegion?: string
}

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
  const companies = crmResource<CompanyJson>(deps, {
    path: 'companies',
    auditType: 'company',
    item: company,
    writeProperties: companyWriteFields,
    summarize: companySummary,
  })
  const { tags } = companies

  companies.listRoute(app, {
    summary: 'List and search companies',
    filters: {
      q: { type: 'string', minLength: 1, maxLength: 200, description: 'Name, e-mail domain or phone' },
    },
  })

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
          properties: companyWriteFields,
        },
        response: responses({ 200: company, 201: company }),
      },
    },
    async (request, reply) => {
      const response = await createCompany(deps, request, request.body).catch(fromDownstream)
      if (response.created) {
        await companies.recordAudit(request, 'create', response.company.id, {
          after: companySummary(response.company),
        })
      }
      return reply.code(response.created ? 201 : 200).send(response.company)
    },
  )

  companies.getAndEditRoutes(app, {
    editSummary: 'Edit a company (409 company_conflict when its phone, domain or name is taken)',
  })
  return Promise.resolve()
}

import { companyWriteFields } from '@leadflow/api-schemas'
import type { FastifyInstance } from 'fastify'
import {
  createCompany,
  getCompany,
  listCompanies,
  updateCompany,
  type CompanyWrite,
} from '../handlers/company-crud.handler.js'
import { companyJson, idParams, pageOf, pageQuery, toCompanyJson } from './json-schemas.js'
import type { RouteDeps } from './route-deps.js'

type Id = { Params: { id: string } }

/** Companies: list, get, create (deduplicated: an existing match answers 200), edit. */
export function companyRoutes(app: FastifyInstance, { db, region }: RouteDeps): void {
  app.get<{ Querystring: { limit: number; cursor?: string; q?: string } }>(
    '/companies',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...pageQuery, q: { type: 'string', maxLength: 200 } },
        },
        response: { 200: pageOf(companyJson) },
      },
    },
    async (request) => {
      const page = await listCompanies(db, request.query)
      return { data: page.data.map(toCompanyJson), nextCursor: page.nextCursor }
    },
  )

  app.post<{ Body: CompanyWrite & { name: string } }>(
    '/companies',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: companyWriteFields,
        },
        response: { 200: companyJson, 201: companyJson },
      },
    },
    async (request, reply) => {
      const { company, created } = await createCompany(db, request.body, region)
      return reply.code(created ? 201 : 200).send(toCompanyJson(company))
    },
  )

  app.get<Id>(
    '/companies/:id',
    { schema: { params: idParams, response: { 200: companyJson } } },
    async (request) => toCompanyJson(await getCompany(db, request.params.id)),
  )

  app.patch<Id & { Body: CompanyWrite }>(
    '/companies/:id',
    {
      schema: {
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: companyWriteFields },
        response: { 200: companyJson },
      },
    },
    async (request) => toCompanyJson(await updateCompany(db, request.params.id, request.body, region)),
  )
}

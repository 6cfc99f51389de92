import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { leadListScope } from '../domain/lead-access.js'
import { leadCsvHeader, leadCsvLine, type LeadCsvRow } from '../domain/leads-export-csv.js'
import { gatewayError } from '../errors.js'
import { downstream, fromDownstream } from './downstream.js'
import { leadFilterProperties, leadSort } from './leads-read.route.js'
import type { RouteDeps } from './route-deps.js'
import { apiKeyOrBearer } from './schemas.js'

const problemContent = {
  description: 'RFC 9457 problem details',
  content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
} as const

/** Leads asked of lead-router per page while streaming. */
const exportPageSize = 200

interface ExportQuery {
  status?: string
  ownerId?: string
  departmentId?: string
  source?: string
  q?: string
  createdFrom?: string
  createdTo?: string
  sort?: string
}

interface LeadPage {
  data: LeadCsvRow[]
  nextCursor: string | null
}

/**
 * `GET /leads/export.csv`: every lead the caller may see and the filters select, as CSV
 * written page by page while lead-router is read (never the whole export in memory).
 */
export function leadExportRoutes(app: FastifyInstance, { config }: RouteDeps): Promise<void> {
  app.get<{ Querystring: ExportQuery }>(
    '/leads/export.csv',
    {
      schema: {
        tags: ['leads'],
        summary: 'Export the leads the caller may see as CSV (streamed)',
        description:
          'Same filters as `GET /leads`. Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) are prefixed with an apostrophe.',
        security: apiKeyOrBearer,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...leadFilterProperties,
            createdFrom: { type: 'string', format: 'date-time' },
            createdTo: { type: 'string', format: 'date-time' },
            sort: leadSort,
          },
        },
        response: {
          200: {
            description: 'CSV with a header line; CRLF line ends',
            content: { 'text/csv': { schema: { type: 'string' } } },
          },
          '4xx': problemContent,
          '5xx': problemContent,
        },
      },
    },
    async (request, reply) => {
      const principal = request.principal
      if (!principal) throw gatewayError('missing_credentials')
      const { ownerId, departmentId, ...filters } = request.query
      const scope = leadListScope(principal, { ownerId, departmentId })
      if (!scope) throw gatewayError('insufficient_role')
      const router = downstream(request, config.LEAD_ROUTER_URL, config.INTERNAL_API_TOKEN)
      const fetchPage = (cursor?: string) =>
        router.get<LeadPage>('/internal/v1/leads', { ...filters, ...scope, limit: exportPageSize, cursor })
      // The first page is read before answering, so a refusal or an outage is still problem+json.
      const first = await fetchPage().catch(fromDownstream)
      const day = new Date().toISOString().slice(0, 10)
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="leads-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(csvPages(request, first, fetchPage)))
    },
  )
  return Promise.resolve()
}

async function* csvPages(
  request: FastifyRequest,
  first: LeadPage,
  fetchPage: (cursor: string) => Promise<LeadPage>,
): AsyncGenerator<string> {
  yield leadCsvHeader
  let page = first
  let rows = 0
  for (;;) {
    rows += page.data.length
    if (page.data.length > 0) yield page.data.map(leadCsvLine).join('')
    if (!page.nextCursor) break
    try {
      page = await fetchPage(page.nextCursor)
    } catch (err) {
      // Headers are gone: the only honest answer left is to cut the download short.
      request.log.warn({ err, rows }, 'lead export interrupted')
      throw err
    }
  }
  request.log.info({ rows }, 'leads exported')
}

import type { Metrics } from '@leadflow/telemetry'
import type { FastifyInstance } from 'fastify'
import { parseDeliveryReport } from '../domain/delivery-report.js'
import { notAReport } from '../errors.js'
import type { PrismaClient } from '../generated/prisma/client.js'
import { applyDeliveryReport } from '../reports/report-intake.js'
import { nullableString } from './json-schemas.js'

export interface DeliveryReportRoutesOptions {
  db: PrismaClient
  metrics: Metrics
}

/** Raw RFC 822 messages: what an MTA pipe or a mailbox reader hands over. */
const rawTypes = ['message/rfc822', 'text/plain', 'application/octet-stream']
const maxReportBytes = 10 * 1024 * 1024

const outcomeSchema = {
  type: 'object',
  required: ['reportId', 'kind', 'recipients'],
  properties: {
    reportId: { type: 'string' },
    kind: { type: 'string', enum: ['delivery-status', 'feedback-report'] },
    recipients: {
      type: 'array',
      items: {
        type: 'object',
        required: ['email', 'verdict', 'suppressed', 'marked', 'duplicate'],
        properties: {
          email: { type: 'string' },
          verdict: {
            type: 'string',
            enum: ['hard_bounce', 'soft_bounce', 'delayed', 'complaint', 'ignored'],
          },
          status: nullableString,
          suppressed: { type: 'boolean' },
          marked: { type: 'integer' },
          duplicate: { type: 'boolean' },
        },
      },
    },
  },
} as const

/**
 * `POST /bounces`: a bounce (DSN) or complaint (ARF) report as a raw message. Permanent bounces and
 * complaints put the address on the suppression list and mark the returned mail; handing the same
 * report over again is harmless. Anything that is not such a report is answered 422.
 */
export async function deliveryReportRoutes(
  app: FastifyInstance,
  { db, metrics }: DeliveryReportRoutesOptions,
): Promise<void> {
  const reports = metrics.counter({
    name: 'mailer_delivery_reports_total',
    help: 'Recipients of received bounce and complaint reports, by verdict',
    labelNames: ['verdict'],
  })
  app.removeContentTypeParser(['text/plain'])
  app.addContentTypeParser(rawTypes, { parseAs: 'buffer', bodyLimit: maxReportBytes }, (_req, body, done) =>
    done(null, body),
  )
  app.post<{ Body: Buffer }>(
    '/bounces',
    { bodyLimit: maxReportBytes, schema: { response: { 200: outcomeSchema } } },
    async (request) => {
      const report = Buffer.isBuffer(request.body) ? await parseDeliveryReport(request.body) : null
      if (!report) throw notAReport()
      const recipients = await applyDeliveryReport(db, report)
      for (const r of recipients) if (!r.duplicate) reports.inc({ verdict: r.verdict })
      request.log.info(
        { reportId: report.reportId, kind: report.kind, recipients: recipients.length },
        'delivery report received',
      )
      return { reportId: report.reportId, kind: report.kind, recipients }
    },
  )
  return Promise.resolve()
}

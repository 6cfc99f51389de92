import { randomUUID } from 'node:crypto'
import { leadSubmittedV1, type LeadSubmittedV1 } from '@leadflow/contracts'
import { appError } from '@leadflow/http'
import { outboxMessage } from '@leadflow/outbox'
import type { FastifyInstance } from 'fastify'
import { audit } from '../audit/audit.js'
import { requireScopeOrUser } from '../auth/guards.js'
import { cleanLeadSubmission, type LeadSubmissionInput } from '../domain/lead-submission.js'
import { Prisma } from '../generated/prisma/client.js'
import type { RouteDeps } from './route-deps.js'
import { apiKeyOrBearer, responses } from './schemas.js'

const text = (maxLength: number) => ({ type: 'string', maxLength }) as const

const submissionBody = {
  type: 'object',
  properties: {
    name: text(200),
    email: text(320),
    phone: text(64),
    company: text(200),
    message: text(5000),
    source: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$', description: 'Lead source slug' },
    channel: { type: 'string', enum: ['web_form', 'api'], default: 'web_form' },
    utm: {
      type: 'object',
      maxProperties: 10,
      propertyNames: { pattern: '^utm_[a-z_]{1,30}$' },
      additionalProperties: text(200),
    },
  },
  additionalProperties: false,
} as const

type SubmissionBody = LeadSubmissionInput & { channel: 'web_form' | 'api' }

/** `POST /leads`: a web-form or API submission, published as LeadSubmitted through the outbox. */
export function leadRoutes(app: FastifyInstance, { db, config, wakeOutbox }: RouteDeps): Promise<void> {
  app.post<{ Body: SubmissionBody; Headers: { 'idempotency-key'?: string } }>(
    '/leads',
    {
      preHandler: requireScopeOrUser('leads:submit'),
      config: {
        rateLimit: {
          max: config.RATE_LIMIT_SUBMISSION,
          keyGenerator: (req) => `submit:${req.principal?.id ?? req.ip}`,
        },
      },
      schema: {
        tags: ['leads'],
        summary: 'Submit a lead (web form or API client)',
        description: 'Accepted for processing; the lead appears once it has been routed.',
        security: apiKeyOrBearer,
        headers: {
          type: 'object',
          properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 128 } },
        },
        body: submissionBody,
        response: responses({
          202: {
            type: 'object',
            properties: { submissionId: { type: 'string', format: 'uuid' } },
            required: ['submissionId'],
          },
        }),
      },
    },
    async (request, reply) => {
      const principal = request.principal
      if (!principal) throw appError('unauthorized', 'Authentication is required')
      const clean = cleanLeadSubmission(request.body, 'web-form')
      if (Array.isArray(clean))
        throw appError('validation_failed', 'The submission is invalid', { errors: clean })
      const submittedBy = principal.id
      const idempotencyKey = request.headers['idempotency-key'] ?? null
      const submissionId = randomUUID()
      const event: LeadSubmittedV1 = {
        ...clean,
        submissionId,
        eventId: `gateway:${submissionId}`,
        channel: request.body.channel,
        submittedBy,
        submittedAt: new Date(),
      }
      try {
        await db.$transaction(async (tx) => {
          await tx.leadSubmission.create({
            data: { id: submissionId, submittedBy, idempotencyKey, source: clean.source },
          })
          await tx.outboxMessage.create({ data: outboxMessage(leadSubmittedV1, event) })
          await audit(tx, request, {
            action: 'lead.submit',
            targetType: 'submission',
            targetId: submissionId,
            after: {
              source: clean.source,
              channel: event.channel,
              hasEmail: !!clean.email,
              hasPhone: !!clean.phoneRaw,
            },
          })
        })
      } catch (err) {
        // The same Idempotency-Key from the same caller answers the first submission again.
        if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002' && idempotencyKey))
          throw err
        const first = await db.leadSubmission.findUnique({
          where: { submittedBy_idempotencyKey: { submittedBy, idempotencyKey } },
        })
        if (!first) throw err
        return reply.code(202).send({ submissionId: first.id })
      }
      wakeOutbox()
      request.log.info({ submissionId, source: clean.source }, 'lead submitted')
      return reply.code(202).send({ submissionId })
    },
  )
  return Promise.resolve()
}

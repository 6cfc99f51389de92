import { randomUUID } from 'node:crypto'
import { sendEmailRequestedV1 } from '@leadflow/contracts'
import { outboxMessage, type OutboxRelay } from '@leadflow/outbox'
import type { FastifyInstance } from 'fastify'
import type { SignedTokens } from '../domain/signed-token.js'
import type { PrismaClient } from '../generated/prisma/client.js'
import { email } from './json-schemas.js'

export const subscribePurpose = 'subscribe'

export interface SubscriptionRoutesOptions {
  db: PrismaClient
  tokens: SignedTokens
  relay: Pick<OutboxRelay, 'wake'>
  publicBaseUrl: string
}

const subscriptionSchema = {
  type: 'object',
  required: ['id', 'email', 'list', 'status'],
  properties: {
    id: { type: 'string' },
    email: { type: 'string' },
    list: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'confirmed', 'unsubscribed'] },
  },
} as const

/**
 * Double opt-in: a subscription starts `pending` and a confirmation mail (through the mailer's
 * own inbox, written in the same transaction) carries a signed link that confirms it.
 */
export function subscriptionRoutes(app: FastifyInstance, options: SubscriptionRoutesOptions): Promise<void> {
  const { db, tokens, relay, publicBaseUrl } = options
  app.post<{ Body: { email: string; list?: string } }>(
    '/subscriptions',
    {
      schema: {
        body: {
          type: 'object',
          required: ['email'],
          additionalProperties: false,
          properties: { email, list: { type: 'string', pattern: '^[a-z0-9-]{1,50}$' } },
        },
        response: { 202: subscriptionSchema },
      },
    },
    async (request, reply) => {
      const address = request.body.email.trim().toLowerCase()
      const list = request.body.list ?? 'newsletter'
      const subscription = await db.$transaction(async (tx) => {
        const row = await tx.subscription.upsert({
          where: { list_email: { list, email: address } },
          create: { list, email: address },
          update: {},
        })
        if (row.status === 'confirmed') return row
        const pending =
          row.status === 'pending'
            ? row
            : await tx.subscription.update({ where: { id: row.id }, data: { status: 'pending' } })
        const token = tokens.sign(subscribePurpose, row.id)
        const requestId = `subscription-confirm:${row.id}:${randomUUID()}`
        await tx.outboxMessage.create({
          data: outboxMessage(sendEmailRequestedV1, {
            requestId,
            eventId: requestId,
            to: [address],
            template: 'subscription-confirm',
            variables: { list, confirmUrl: new URL(`/s/${token}`, publicBaseUrl).toString() },
            accountId: null,
            campaignId: null,
            requestedAt: new Date(),
          }),
        })
        return pending
      })
      relay.wake()
      return reply.code(202).send(subscription)
    },
  )
  return Promise.resolve()
}

import type { FastifyInstance } from 'fastify'
import { unsubscribePurpose } from '../campaigns/campaign-mail.js'
import { suppress } from '../delivery/mail-requests.js'
import type { SignedTokens } from '../domain/signed-token.js'
import { escapeHtml } from '../domain/templates.js'
import { invalidToken } from '../errors.js'
import type { PrismaClient } from '../generated/prisma/client.js'
import { subscribePurpose } from './subscriptions.route.js'

const tokenParams = {
  type: 'object',
  required: ['token'],
  properties: { token: { type: 'string', pattern: '^[A-Za-z0-9_-]{38}$' } },
} as const

type TokenRoute = { Params: { token: string } }

const htmlPage = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`

/**
 * Public pages reached from mails. `POST /u/:token` is the RFC 8058 one-click unsubscribe;
 * `GET /u/:token` shows a page whose button posts it (link scanners prefetch GETs, so a GET alone
 * never unsubscribes anyone). `GET /s/:token` confirms a newsletter subscription.
 */
export function publicLinkRoutes(
  app: FastifyInstance,
  { db, tokens }: { db: PrismaClient; tokens: SignedTokens },
): Promise<void> {
  // One-click unsubscribes post `List-Unsubscribe=One-Click` as a form; the token alone decides.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, body)
    },
  )

  async function recipientOf(token: string) {
    const id = tokens.verify(unsubscribePurpose, token)
    const recipient = id ? await db.campaignRecipient.findUnique({ where: { id } }) : null
    if (!recipient) throw invalidToken()
    return recipient
  }

  app.post<TokenRoute>('/u/:token', { schema: { params: tokenParams } }, async (request, reply) => {
    const recipient = await recipientOf(request.params.token)
    await db.$transaction(async (tx) => {
      await suppress(tx, [recipient.email], 'unsubscribe', `campaign ${recipient.campaignId}`)
      await tx.subscription.updateMany({
        where: { email: recipient.email },
        data: { status: 'unsubscribed' },
      })
    })
    request.log.info({ campaignId: recipient.campaignId }, 'recipient unsubscribed')
    return reply
      .type('text/html; charset=utf-8')
      .send(
        htmlPage('Unsubscribed', `<p>${escapeHtml(recipient.email)} will receive no more mail from us.</p>`),
      )
  })

  app.get<TokenRoute>('/u/:token', { schema: { params: tokenParams } }, async (request, reply) => {
    const recipient = await recipientOf(request.params.token)
    const form = `<form method="post" action="/u/${request.params.token}"><button type="submit">Unsubscribe</button></form>`
    return reply
      .type('text/html; charset=utf-8')
      .send(htmlPage('Unsubscribe', `<p>Stop all mail to ${escapeHtml(recipient.email)}?</p>${form}`))
  })

  app.get<TokenRoute>('/s/:token', { schema: { params: tokenParams } }, async (request, reply) => {
    const id = tokens.verify(subscribePurpose, request.params.token)
    const { count } = id
      ? await db.subscription.updateMany({
          where: { id, status: 'pending' },
          data: { status: 'confirmed', confirmedAt: new Date() },
        })
      : { count: 0 }
    const subscription = id ? await db.subscription.findUnique({ where: { id } }) : null
    if (!subscription || (count === 0 && subscription.status !== 'confirmed')) throw invalidToken()
    return reply
      .type('text/html; charset=utf-8')
      .send(
        htmlPage(
          'Subscription confirmed',
          `<p>${escapeHtml(subscription.email)} is subscribed to ${escapeHtml(subscription.list)}.</p>`,
        ),
      )
  })
  return Promise.resolve()
}

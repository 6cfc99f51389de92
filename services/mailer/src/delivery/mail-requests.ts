import { mailFailedV1, mailSentV1 } from '@leadflow/contracts'
import { NonRetryableError } from '@leadflow/kafka'
import { outboxMessage, type OutboxRelay } from '@leadflow/outbox'
import type { KafkaLogger } from '@leadflow/kafka'
import { hasTemplate, renderTemplate } from '../domain/templates.js'
import type { OutboundMail, PrismaClient } from '../generated/prisma/client.js'
import type { AccountStore } from './account-store.js'
import type { MailDelivery } from './smtp-delivery.js'

export interface MailRequest {
  requestId: string
  eventId: string
  to: string[]
  template: string
  variables: Record<string, string>
  accountId: string | null
  campaignId: string | null
}

export interface MailRequestDeps {
  db: PrismaClient
  accounts: AccountStore
  delivery: MailDelivery
  relay: Pick<OutboxRelay, 'wake'>
}

export type MailOutcome = 'sent' | 'failed' | 'duplicate'

interface Failure {
  reason: string
  permanent: boolean
  attempts: number
}

/**
 * Sends one requested mail at most once per request id. The row is marked `sending` (attempt
 * counted) before SMTP is spoken to, and `sent` with the MailSent event in one transaction right
 * after the server accepts. Only a crash between that acceptance and the commit can send the mail
 * once more on redelivery; the fixed Message-ID lets receiving systems spot the copy.
 */
export async function processMailRequest(
  request: MailRequest,
  deps: MailRequestDeps,
  log: KafkaLogger,
  signal?: AbortSignal,
): Promise<MailOutcome> {
  const { db, accounts, delivery, relay } = deps
  const row = await db.outboundMail.upsert({
    where: { requestId: request.requestId },
    create: {
      requestId: request.requestId,
      eventId: request.eventId,
      recipient: request.to.join(', '),
      recipients: request.to,
      template: request.template,
      variables: request.variables,
      accountId: request.accountId,
      campaignId: request.campaignId,
    },
    update: {},
  })
  // A mail reported as spam by its recipient (`complained`) was delivered too.
  if (row.status === 'sent' || row.status === 'complained' || (row.status === 'failed' && row.permanent)) {
    log.info({ requestId: row.requestId, status: row.status }, 'mail request already handled')
    return 'duplicate'
  }
  const fail = async (failure: Failure) => {
    await recordFailure(db, row, failure)
    relay.wake()
    log.warn({ requestId: row.requestId, ...failure }, 'mail failed')
    return 'failed' as const
  }
  if (!hasTemplate(row.template)) {
    await fail({ reason: `unknown template ${row.template}`, permanent: true, attempts: row.attempts })
    throw new NonRetryableError(`unknown template ${row.template}`)
  }
  const recipients = row.recipients.map((address) => address.trim()).filter((address) => address.length > 0)
  const suppressed = new Set(
    (
      await db.suppression.findMany({
        where: { email: { in: recipients.map((address) => address.toLowerCase()) } },
        select: { email: true },
      })
    ).map((s) => s.email),
  )
  const allowed = recipients.filter((address) => !suppressed.has(address.toLowerCase()))
  if (allowed.length === 0)
    return fail({ reason: 'every recipient is suppressed', permanent: true, attempts: row.attempts })

  const lookup = await accounts.resolve(row.accountId)
  if ('unavailable' in lookup) {
    await fail({ reason: lookup.unavailable, permanent: false, attempts: row.attempts })
    throw new NonRetryableError(lookup.unavailable)
  }
  const mail = renderTemplate(row.template, row.variables as Record<string, string>)
  const sending = await db.outboundMail.update({
    where: { id: row.id },
    data: { status: 'sending', attempts: { increment: 1 }, accountId: lookup.account.id },
  })
  const domain = lookup.account.fromAddress.split('@')[1]?.replace(/>.*$/, '') ?? 'leadflow.localhost'
  const result = await delivery.deliver(
    lookup.account,
    { to: allowed, ...mail, messageId: `<${row.id}@${domain}>` },
    signal,
  )
  if (!result.ok) {
    const attempts = sending.attempts - 1 + result.attempts
    if (result.hardBounce.length > 0) await suppress(db, result.hardBounce, 'hard_bounce', result.reason)
    await fail({ reason: result.reason, permanent: result.kind === 'permanent', attempts })
    if (result.kind !== 'permanent') throw new NonRetryableError(`mail not sent: ${result.reason}`)
    return 'failed'
  }
  const sentAt = new Date()
  await db.$transaction(async (tx) => {
    await tx.outboundMail.update({
      where: { id: row.id },
      data: {
        status: 'sent',
        messageId: result.messageId,
        sentAt,
        attempts: sending.attempts - 1 + result.attempts,
      },
    })
    await tx.outboxMessage.create({
      data: outboxMessage(mailSentV1, {
        requestId: row.requestId,
        eventId: `mail-sent:${row.requestId}`,
        to: allowed,
        template: row.template,
        smtpMessageId: result.messageId,
        accountId: lookup.account.id,
        campaignId: row.campaignId,
        sentAt,
      }),
    })
  })
  relay.wake()
  log.info({ requestId: row.requestId, messageId: result.messageId }, 'mail sent')
  return 'sent'
}

async function recordFailure(db: PrismaClient, row: OutboundMail, failure: Failure): Promise<void> {
  const failedAt = new Date()
  await db.$transaction(async (tx) => {
    await tx.outboundMail.update({
      where: { id: row.id },
      data: {
        status: 'failed',
        permanent: failure.permanent,
        lastError: failure.reason.slice(0, 1000),
        attempts: failure.attempts,
      },
    })
    await tx.outboxMessage.create({
      data: outboxMessage(mailFailedV1, {
        requestId: row.requestId,
        eventId: `mail-failed:${row.requestId}:${failure.attempts}`,
        to: row.recipients,
        template: row.template,
        reason: failure.reason.slice(0, 1000),
        permanent: failure.permanent,
        attempts: failure.attempts,
        failedAt,
      }),
    })
  })
}

/** Puts addresses on the suppression list (kept lower-cased); existing entries are kept. */
export async function suppress(
  db: Pick<PrismaClient, 'suppression'>,
  emails: readonly string[],
  reason: string,
  detail?: string,
): Promise<void> {
  for (const email of emails)
    await db.suppression.upsert({
      where: { email: email.trim().toLowerCase() },
      create: { email: email.trim().toLowerCase(), reason, detail: detail?.slice(0, 500) ?? null },
      update: {},
    })
}

import { mailFailedV1, mailSentV1 } from '@leadflow/contracts'
import { outboxMessage, type OutboxRelay } from '@leadflow/outbox'
import type { SendingAccount } from '../delivery/account-store.js'
import { suppress } from '../delivery/mail-requests.js'
import type { MailDelivery } from '../delivery/smtp-delivery.js'
import type { Campaign, PrismaClient } from '../generated/prisma/client.js'
import { campaignMail, senderDomain, type CampaignLinks } from './campaign-mail.js'
import type { ClaimedRecipient } from './campaign-store.js'

export interface CampaignSendDeps {
  db: PrismaClient
  delivery: MailDelivery
  relay: Pick<OutboxRelay, 'wake'>
  links: CampaignLinks
  signal: AbortSignal
}

export type SendOutcome = 'sent' | 'failed' | 'suppressed' | 'released'

/**
 * Sends one claimed recipient its campaign mail and records the outcome with its MailSent or
 * MailFailed event in one transaction. A recipient on the suppression list is skipped; one whose
 * account failed authentication (or whose retries were cut short by a stop) is released back to
 * `pending` for a later run.
 */
export async function sendToRecipient(
  deps: CampaignSendDeps,
  campaign: Campaign,
  account: SendingAccount,
  recipient: ClaimedRecipient,
): Promise<SendOutcome> {
  const { db, delivery, relay, links, signal } = deps
  const requestId = `campaign:${campaign.id}:${recipient.id}`
  const suppressed = await db.suppression.findUnique({ where: { email: recipient.email.toLowerCase() } })
  if (suppressed) {
    await db.campaignRecipient.update({
      where: { id: recipient.id },
      data: { status: 'suppressed', lastError: `suppressed: ${suppressed.reason}` },
    })
    return 'suppressed'
  }
  const mail = campaignMail(
    links,
    { ...campaign, variables: campaign.variables as Record<string, string> },
    recipient,
    senderDomain(account.fromAddress),
  )
  const result = await delivery.deliver(account, mail, signal)
  if (!result.ok && (result.kind === 'auth' || (result.kind === 'transient' && signal.aborted))) {
    await db.campaignRecipient.update({ where: { id: recipient.id }, data: { status: 'pending' } })
    return 'released'
  }
  const at = new Date()
  await db.$transaction(async (tx) => {
    if (result.ok) {
      await tx.campaignRecipient.update({
        where: { id: recipient.id },
        data: { status: 'sent', messageId: result.messageId, sentAt: at },
      })
      await tx.outboxMessage.create({
        data: outboxMessage(mailSentV1, {
          requestId,
          eventId: `mail-sent:${requestId}`,
          to: [recipient.email],
          template: campaign.template,
          smtpMessageId: result.messageId,
          accountId: account.id,
          campaignId: campaign.id,
          sentAt: at,
        }),
      })
      return
    }
    if (result.hardBounce.length > 0) await suppress(tx, result.hardBounce, 'hard_bounce', result.reason)
    await tx.campaignRecipient.update({
      where: { id: recipient.id },
      data: { status: 'failed', lastError: result.reason.slice(0, 1000) },
    })
    await tx.outboxMessage.create({
      data: outboxMessage(mailFailedV1, {
        requestId,
        eventId: `mail-failed:${requestId}`,
        to: [recipient.email],
        template: campaign.template,
        reason: result.reason.slice(0, 1000),
        permanent: result.kind === 'permanent',
        attempts: result.attempts,
        failedAt: at,
      }),
    })
  })
  relay.wake()
  return result.ok ? 'sent' : 'failed'
}

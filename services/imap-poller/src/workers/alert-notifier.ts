import { randomUUID } from 'node:crypto'
import { sendEmailRequestedV1, type SendEmailRequestedV1 } from '@leadflow/contracts'
import { outboxMessage } from '@leadflow/outbox'
import type { Logger } from '@leadflow/telemetry'
import type { ImapErrorType } from '../domain/imap-error-type.js'
import type { PrismaClient } from '../generated/prisma/client.js'
import type { PollerMetrics } from './poller-metrics.js'

export const alertTemplate = 'mailbox-alert'
const windowMs = 60 * 60 * 1000

export interface AlertNotifierDeps {
  db: PrismaClient
  metrics: PollerMetrics
  logger: Logger
  perHour: number
  /** Called after an alert request was committed to the outbox. */
  onQueued: () => void
}

export interface MailboxFailure {
  mailbox: { id: string; name: string; alertRecipients: string[] }
  type: ImapErrorType
  message: string
}

export type AlertOutcome = 'sent' | 'suppressed' | 'no_recipients'

/**
 * Records a mailbox failure (last error, metrics, log) and asks the mailer for an alert mail,
 * at most `perHour` per mailbox and error type in any rolling hour. The count and the request
 * are written in one transaction under a lock per (mailbox, type), so replicas share the limit.
 */
export function createAlertNotifier({ db, metrics, logger, perHour, onQueued }: AlertNotifierDeps) {
  return async function reportFailure({ mailbox, type, message }: MailboxFailure): Promise<AlertOutcome> {
    const labels = { mailbox: mailbox.id, type }
    metrics.syncErrors.inc(labels)
    const now = new Date()
    const detail = message.slice(0, 1000)
    const outcome = await db.$transaction(async (tx) => {
      await tx.mailbox.updateMany({
        where: { id: mailbox.id },
        data: { lastError: detail, lastErrorType: type, lastErrorAt: now },
      })
      if (mailbox.alertRecipients.length === 0) return 'no_recipients' as const
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`imap-alert:${mailbox.id}:${type}`}))`
      const recent = await tx.mailboxAlert.count({
        where: { mailboxId: mailbox.id, errorType: type, sentAt: { gt: new Date(now.getTime() - windowMs) } },
      })
      if (recent >= perHour) return 'suppressed' as const
      const requestId = randomUUID()
      await tx.mailboxAlert.create({
        data: { mailboxId: mailbox.id, errorType: type, requestId, sentAt: now },
      })
      const request: SendEmailRequestedV1 = {
        requestId,
        eventId: `imap-alert:${requestId}`,
        to: mailbox.alertRecipients,
        template: alertTemplate,
        variables: {
          mailboxId: mailbox.id,
          mailboxName: mailbox.name,
          errorType: type,
          error: detail,
          occurredAt: now.toISOString(),
        },
        accountId: null,
        campaignId: null,
        requestedAt: now,
      }
      await tx.outboxMessage.create({ data: outboxMessage(sendEmailRequestedV1, request) })
      return 'sent' as const
    })
    if (outcome === 'sent') {
      metrics.alertsSent.inc(labels)
      onQueued()
    }
    if (outcome === 'suppressed') metrics.alertsSuppressed.inc(labels)
    logger.warn(
      { mailboxId: mailbox.id, errorType: type, error: detail, alert: outcome },
      'mailbox sync failed',
    )
    return outcome
  }
}

export type AlertNotifier = ReturnType<typeof createAlertNotifier>

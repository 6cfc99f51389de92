import { mailFailedV1 } from '@leadflow/contracts'
import { outboxMessage } from '@leadflow/outbox'
import { suppress } from '../delivery/mail-requests.js'
import { isComplaint, type DeliveryReport, type Verdict } from '../domain/delivery-report.js'
import type { Prisma, PrismaClient } from '../generated/prisma/client.js'
import { latestSentTo, targetAddresses, targetsByMessageId, type ReportTarget } from './report-targets.js'

export interface RecipientOutcome {
  email: string
  verdict: Verdict
  status: string | null
  /** The address is (now) on the suppression list because of this report. */
  suppressed: boolean
  /** Sent mails (campaign recipients, requested mails) marked failed or complained. */
  marked: number
  /** This report was handed over before; nothing changed. */
  duplicate: boolean
}

const suppressing: Partial<Record<Verdict, string>> = { hard_bounce: 'hard_bounce', complaint: 'complaint' }

function reasonOf(verdict: Verdict, status: string | null, diagnostic: string | null): string {
  const what = verdict === 'complaint' ? 'complaint' : 'bounced'
  return [what, status, diagnostic].filter(Boolean).join(': ').slice(0, 1000)
}

/** The recipients a report is about; a redacted complaint falls back to its original mail's. */
function recipientsOf(report: DeliveryReport, targets: ReportTarget[]) {
  if (report.recipients.length > 0 || report.kind !== 'feedback-report') return report.recipients
  const verdict: Verdict = isComplaint(report.feedbackType) ? 'complaint' : 'ignored'
  const addresses = new Set(
    targets.flatMap((t) => (targetAddresses(t).length === 1 ? targetAddresses(t) : [])),
  )
  return [...addresses].map((email) => ({
    email,
    action: null,
    status: null,
    diagnostic: `feedback-type: ${report.feedbackType ?? 'abuse'}`,
    verdict,
  }))
}

async function mark(
  tx: Prisma.TransactionClient,
  target: ReportTarget,
  verdict: Verdict,
  reason: string,
  at: Date,
): Promise<boolean> {
  const status = verdict === 'complaint' ? 'complained' : 'failed'
  const permanent = verdict === 'hard_bounce'
  if (target.type === 'campaign') {
    const { count } = await tx.campaignRecipient.updateMany({
      where: { id: target.id, status: 'sent' },
      data: { status, lastError: reason },
    })
    if (count === 0 || status !== 'failed') return count > 0
    const requestId = `campaign:${target.campaignId}:${target.id}`
    await tx.outboxMessage.create({
      data: outboxMessage(mailFailedV1, {
        requestId,
        eventId: `mail-bounced:${requestId}`,
        to: [target.email],
        template: target.template,
        reason,
        permanent,
        attempts: target.attempts,
        failedAt: at,
      }),
    })
    return true
  }
  // A mail to several people stays sent when one of them bounces; the reason is kept.
  const alone = target.recipients.length === 1
  const { count } = await tx.outboundMail.updateMany({
    where: { id: target.id, status: 'sent' },
    data: alone ? { status, permanent, lastError: reason } : { lastError: reason },
  })
  if (count === 0 || !alone || status !== 'failed') return count > 0
  await tx.outboxMessage.create({
    data: outboxMessage(mailFailedV1, {
      requestId: target.requestId,
      eventId: `mail-bounced:${target.requestId}`,
      to: target.recipients,
      template: target.template,
      reason,
      permanent,
      attempts: target.attempts,
      failedAt: at,
    }),
  })
  return true
}

/**
 * Applies a delivery or complaint report: per address, records it once (a report handed over
 * again changes nothing), suppresses the address for a permanent bounce or a complaint, and marks
 * the mail it returned — found by its fixed Message-ID — failed (with a MailFailed event) or
 * complained. Temporary failures and delays never suppress.
 */
export async function applyDeliveryReport(
  db: PrismaClient,
  report: DeliveryReport,
): Promise<RecipientOutcome[]> {
  const byMessageId = await targetsByMessageId(db, report.originalMessageIds)
  const outcomes: RecipientOutcome[] = []
  for (const recipient of recipientsOf(report, byMessageId)) {
    const { email, verdict, status, diagnostic } = recipient
    const targets =
      report.originalMessageIds.length > 0
        ? byMessageId.filter((t) => targetAddresses(t).includes(email))
        : await latestSentTo(db, email)
    const reason = reasonOf(verdict, status, diagnostic)
    const at = new Date()
    const outcome = await db.$transaction(async (tx) => {
      const { count } = await tx.deliveryReport.createMany({
        data: [
          {
            reportId: report.reportId,
            kind: report.kind,
            email,
            action: recipient.action,
            status,
            diagnostic: diagnostic?.slice(0, 1000) ?? null,
            originalMessageId: report.originalMessageIds[0] ?? null,
            outcome: verdict,
          },
        ],
        skipDuplicates: true,
      })
      if (count === 0) return { suppressed: false, marked: 0, duplicate: true }
      const suppressAs = suppressing[verdict]
      if (suppressAs) await suppress(tx, [email], suppressAs, reason)
      let marked = 0
      if (verdict === 'hard_bounce' || verdict === 'soft_bounce' || verdict === 'complaint')
        for (const target of targets) if (await mark(tx, target, verdict, reason, at)) marked++
      return { suppressed: suppressAs !== undefined, marked, duplicate: false }
    })
    outcomes.push({ email, verdict, status, ...outcome })
  }
  return outcomes
}

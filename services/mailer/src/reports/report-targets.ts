import type { PrismaClient } from '../generated/prisma/client.js'

/** A mail a report is about: a campaign recipient row or an outbound (requested) mail. */
export type ReportTarget =
  | {
      type: 'campaign'
      id: string
      email: string
      campaignId: string
      template: string
      attempts: number
      status: string
    }
  | {
      type: 'mail'
      id: string
      requestId: string
      recipients: string[]
      template: string
      attempts: number
      status: string
    }

export const targetAddresses = (target: ReportTarget): string[] =>
  target.type === 'campaign' ? [target.email] : target.recipients.map((a) => a.trim().toLowerCase())

/** The mails whose Message-ID the report returned (the fixed per-recipient/per-request ids). */
export async function targetsByMessageId(db: PrismaClient, messageIds: string[]): Promise<ReportTarget[]> {
  if (messageIds.length === 0) return []
  const [recipients, mails] = await Promise.all([
    db.campaignRecipient.findMany({
      where: { messageId: { in: messageIds } },
      include: { campaign: { select: { template: true } } },
    }),
    db.outboundMail.findMany({ where: { messageId: { in: messageIds } } }),
  ])
  return [
    ...recipients.map((r) => ({
      type: 'campaign' as const,
      id: r.id,
      email: r.email,
      campaignId: r.campaignId,
      template: r.campaign.template,
      attempts: r.attempts,
      status: r.status,
    })),
    ...mails.map((m) => ({
      type: 'mail' as const,
      id: m.id,
      requestId: m.requestId,
      recipients: m.recipients,
      template: m.template,
      attempts: m.attempts,
      status: m.status,
    })),
  ]
}

/** For a report that returned no Message-ID: the latest mail sent to the address, if any. */
export async function latestSentTo(db: PrismaClient, email: string): Promise<ReportTarget[]> {
  const [recipient, mail] = await Promise.all([
    db.campaignRecipient.findFirst({
      where: { email, status: 'sent' },
      orderBy: { sentAt: 'desc' },
      select: { messageId: true, sentAt: true },
    }),
    db.outboundMail.findFirst({
      where: { recipients: { has: email }, status: 'sent' },
      orderBy: { sentAt: 'desc' },
      select: { messageId: true, sentAt: true },
    }),
  ])
  const latest = [recipient, mail]
    .filter((row) => row?.messageId)
    .sort((a, b) => (b?.sentAt?.getTime() ?? 0) - (a?.sentAt?.getTime() ?? 0))[0]
  return latest?.messageId ? targetsByMessageId(db, [latest.messageId]) : []
}

import type { PrismaClient } from '../generated/prisma/client.js'

export interface ClaimedRecipient {
  id: string
  email: string
  variables: Record<string, string>
}

/**
 * Claims up to `limit` pending recipients of a campaign: they become `sending` in one statement,
 * and rows locked by another sender are skipped, so no recipient is handed out twice.
 */
export function claimRecipients(db: PrismaClient, campaignId: string, limit: number) {
  return db.$queryRawUnsafe<ClaimedRecipient[]>(
    `UPDATE campaign_recipients SET status = 'sending', attempts = attempts + 1, claimed_at = now()
     WHERE id IN (
       SELECT id FROM campaign_recipients
       WHERE campaign_id = $1::uuid AND status = 'pending'
       ORDER BY email LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING id::text AS id, email, variables`,
    campaignId,
    limit,
  )
}

/** Recipients left `sending` by a sender that crashed go back to `pending`. */
export function requeueStale(db: PrismaClient, campaignId: string, olderThan: Date) {
  return db.campaignRecipient.updateMany({
    where: { campaignId, status: 'sending', claimedAt: { lt: olderThan } },
    data: { status: 'pending' },
  })
}

/** Mails this account sent (or is sending) since `since`, transactional and campaign alike. */
export async function sentSince(db: PrismaClient, accountId: string, since: Date): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ n: bigint }[]>(
    `SELECT (SELECT count(*) FROM outbound_mails WHERE account_id = $1::uuid AND sent_at >= $2)
          + (SELECT count(*) FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
             WHERE c.account_id = $1::uuid AND (r.sent_at >= $2 OR r.status = 'sending')) AS n`,
    accountId,
    since,
  )
  return Number(row?.n ?? 0)
}

export async function progressOf(db: PrismaClient, campaignId: string) {
  const groups = await db.campaignRecipient.groupBy({
    by: ['status'],
    where: { campaignId },
    _count: { _all: true },
  })
  const count = (status: string) => groups.find((g) => g.status === status)?._count._all ?? 0
  const total = groups.reduce((sum, g) => sum + g._count._all, 0)
  const sent = count('sent')
  const failed = count('failed')
  const suppressed = count('suppressed')
  const complained = count('complained')
  return {
    total,
    sent,
    failed,
    suppressed,
    complained,
    remaining: total - sent - failed - suppressed - complained,
  }
}

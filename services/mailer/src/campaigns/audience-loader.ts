import type { Logger } from '@leadflow/telemetry'
import type { Campaign, Prisma, PrismaClient } from '../generated/prisma/client.js'
import type { Audience } from '../routes/campaign.schemas.js'
import type { AudienceMember, AudienceSource } from './audience-source.js'

export interface AudienceBatch {
  rows: { email: string; variables: Record<string, string> }[]
  /** Members without an e-mail address. */
  skipped: number
}

/**
 * The recipients a page of members yields: addresses trimmed and lower-cased, each address once
 * (the first member's name wins), members without an address counted as skipped.
 */
export function recipientsOf(members: readonly AudienceMember[], seen: Set<string>): AudienceBatch {
  const rows: AudienceBatch['rows'] = []
  let skipped = 0
  for (const member of members) {
    const email = member.email?.trim().toLowerCase() ?? ''
    if (!email.includes('@')) {
      skipped++
      continue
    }
    if (seen.has(email)) continue
    seen.add(email)
    rows.push({ email, variables: member.name ? { name: member.name } : {} })
  }
  return { rows, skipped }
}

export interface LoadAudienceDeps {
  db: PrismaClient
  source: AudienceSource
  logger: Logger
  signal?: AbortSignal
}

/**
 * Turns a running campaign's audience into recipient rows, page by page. Each page is written as
 * it arrives and (campaign, address) is unique, so a retried start or a load cut short by a crash
 * simply goes through the audience again without adding anyone twice. The campaign is marked
 * loaded (with the count of members skipped for having no address) only after the last page and
 * only while it is still running; a paused campaign is loaded again on resume.
 * @returns whether the audience is fully loaded
 */
export async function loadAudience(deps: LoadAudienceDeps, campaign: Campaign): Promise<boolean> {
  const { db, source, logger, signal } = deps
  const audience = campaign.audience as Audience | null
  if (!audience || campaign.audienceLoadedAt) return true
  const log = logger.child({ campaignId: campaign.id })
  const seen = new Set<string>()
  let skipped = 0
  let added = 0
  for await (const members of source.members(audience, signal)) {
    const batch = recipientsOf(members, seen)
    skipped += batch.skipped
    if (batch.rows.length === 0) continue
    const { count } = await db.campaignRecipient.createMany({
      data: batch.rows.map((row) => ({ campaignId: campaign.id, ...row })),
      skipDuplicates: true,
    })
    added += count
  }
  const { count } = await db.campaign.updateMany({
    where: {
      id: campaign.id,
      status: 'running',
      audienceLoadedAt: null,
      audience: { equals: audience as Prisma.InputJsonObject },
    },
    data: { audienceLoadedAt: new Date(), audienceSkipped: skipped },
  })
  log.info({ addresses: seen.size, added, skipped }, 'campaign audience loaded')
  return count === 1
}

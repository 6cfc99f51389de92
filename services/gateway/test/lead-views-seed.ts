import { createPgPool } from '@leadflow/db'
import { createLogger } from '@leadflow/telemetry'
import type { Lead } from '../../lead-router/src/generated/prisma/client.js'
import { createLeadViews } from '../src/db/lead-views.js'
import { leadViewOfEvent } from '../src/domain/lead-view.js'

/**
 * Puts leads written straight into lead-router's schema into the gateway's read model (the
 * database at `databaseUrl`), as their LeadChanged events would have, through the gateway's own
 * projection.
 */
export async function mirrorLeads(databaseUrl: string, leads: readonly Lead[]): Promise<void> {
  const logger = createLogger({ service: 'gateway-test', level: 'silent' })
  const pool = createPgPool({ databaseUrl, defaultSchema: 'gateway', max: 1, logger })
  try {
    await createLeadViews(pool).apply(
      leads.map((lead) => leadViewOfEvent({ ...lead, leadId: lead.id, eventId: `seed:${lead.id}` })),
    )
  } finally {
    await pool.end()
  }
}

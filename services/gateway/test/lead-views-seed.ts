import { createPgPool } from '@leadflow/db'
import { createLogger } from '@leadflow/telemetry'
import { createLeadViews } from '../src/db/lead-views.js'
import { leadView } from '../src/domain/lead-view.js'

/** A lead row as lead-router's Prisma client returns it. */
export interface RouterLead {
  id: string
  version: number
  status: string
  source: string
  contactId: string | null
  phoneE164: string | null
  email: string | null
  name: string | null
  ownerId: string | null
  departmentId: string | null
  slaDueAt: Date | null
  firstResponseAt: Date | null
  createdAt: Date
  updatedAt: Date
}

/**
 * Puts leads written straight into lead-router's schema into the gateway's read model, as their
 * LeadChanged events would have, through the gateway's own projection.
 */
export async function mirrorLeads(
  gw: { config: { DATABASE_URL: string } },
  leads: readonly RouterLead[],
): Promise<void> {
  const logger = createLogger({ service: 'gateway-test', level: 'silent' })
  const pool = createPgPool({ databaseUrl: gw.config.DATABASE_URL, defaultSchema: 'gateway', max: 1, logger })
  try {
    const iso = (at: Date | null) => (at ? at.toISOString() : null)
    await createLeadViews(pool).apply(
      leads.map((lead) =>
        leadView(
          {
            ...lead,
            slaDueAt: iso(lead.slaDueAt),
            firstResponseAt: iso(lead.firstResponseAt),
            createdAt: lead.createdAt.toISOString(),
            updatedAt: lead.updatedAt.toISOString(),
          },
          lead.version,
        ),
      ),
    )
  } finally {
    await pool.end()
  }
}

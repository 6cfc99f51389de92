import type { LeadChangedV1 } from '@leadflow/contracts'

/** A lead as the public API shows it (the `Lead` schema), instants as ISO 8601 text. */
export interface PublicLead {
  id: string
  status: string
  source: string
  contactId: string | null
  phoneE164: string | null
  email: string | null
  name: string | null
  ownerId: string | null
  departmentId: string | null
  slaDueAt: string | null
  firstResponseAt: string | null
  createdAt: string
  updatedAt: string
}

/** A row of the lead list's read model: the lead, its version and its answer JSON. */
export interface LeadView {
  lead: PublicLead
  version: number
  doc: string
}

const iso = (at: Date | null): string | null => (at ? at.toISOString() : null)

/** The public fields only, in the schema's order: nothing else can reach the stored JSON. */
export function leadView(lead: PublicLead, version: number): LeadView {
  const publicLead: PublicLead = {
    id: lead.id,
    status: lead.status,
    source: lead.source,
    contactId: lead.contactId,
    phoneE164: lead.phoneE164,
    email: lead.email,
    name: lead.name,
    ownerId: lead.ownerId,
    departmentId: lead.departmentId,
    slaDueAt: lead.slaDueAt,
    firstResponseAt: lead.firstResponseAt,
    createdAt: lead.createdAt,
    updatedAt: lead.updatedAt,
  }
  return { lead: publicLead, version, doc: JSON.stringify(publicLead) }
}

export function leadViewOfEvent(event: LeadChangedV1): LeadView {
  return leadView(
    {
      ...event,
      id: event.leadId,
      slaDueAt: iso(event.slaDueAt),
      firstResponseAt: iso(event.firstResponseAt),
      createdAt: event.createdAt.toISOString(),
      updatedAt: event.updatedAt.toISOString(),
    },
    event.version,
  )
}

/** The newest view of each lead among `views` (a batch may carry several versions of one). */
export function newestPerLead(views: readonly LeadView[]): LeadView[] {
  const newest = new Map<string, LeadView>()
  for (const view of views) {
    const seen = newest.get(view.lead.id)
    if (!seen || seen.version < view.version) newest.set(view.lead.id, view)
  }
  return [...newest.values()]
}

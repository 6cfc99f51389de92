import { NonRetryableError, type MessageContext } from '@leadflow/kafka'
import type { ContactsClient, ResolvedContact } from '../clients/contacts.client.js'
import { isUniqueViolation, useSchema, type Db, type Tx } from '../db/transaction.js'
import { addBusinessMinutes, businessHoursSchema } from '../domain/business-hours.js'
import { hasContact, type InboundTouch } from '../domain/inbound-touch.js'
import { openStatuses } from '../domain/lead-status.js'
import { assignNewLead } from '../routing/assign-owner.js'
import { emitLeadAssigned, emitLeadCreated, emitLeadsChanged } from '../routing/lead-events.js'

export interface RouteTouchDeps {
  db: Db
  schema: string
  contacts: ContactsClient
  defaults: { slaMinutes: number; attachWindowMinutes: number }
  /** Called after a commit that queued events. */
  onEventsQueued: () => void
}

export type Outcome = 'duplicate' | 'created' | 'attached' | 'ignored'

const minute = 60_000

/**
 * One inbound touch, exactly once: the touch row keyed by the source event id, the lead it
 * creates or joins, the assignment, the SLA timer and the events all commit together.
 */
export async function routeTouch(
  touch: InboundTouch,
  deps: RouteTouchDeps,
  ctx: MessageContext,
): Promise<Outcome> {
  const { db } = deps
  const seen = await db.leadTouch.findUnique({
    where: { sourceEventId: touch.sourceEventId },
    select: { id: true },
  })
  if (seen) {
    ctx.log.info({ sourceEventId: touch.sourceEventId }, 'touch already handled')
    return 'duplicate'
  }
  if (!hasContact(touch))
    throw new NonRetryableError('the event names neither a phone number nor an e-mail address')
  const resolved = await deps.contacts.resolve(touch.contact, {
    signal: ctx.signal,
    onRetry: (err) => ctx.log.warn({ err }, 'contacts unavailable, retrying'),
  })
  const source = await db.leadSource.findUnique({ where: { slug: touch.source } })
  try {
    const outcome = await db.$transaction((tx) => applyTouch(tx, touch, resolved, source, deps), {
      timeout: 30_000,
    })
    if (outcome === 'created' || outcome === 'attached') deps.onEventsQueued()
    ctx.log.info(
      { sourceEventId: touch.sourceEventId, contactId: resolved.contact.id, outcome },
      'touch routed',
    )
    return outcome
  } catch (err) {
    if (isUniqueViolation(err)) return 'duplicate'
    throw err
  }
}

interface SourceRow {
  departmentId: string | null
  slaMinutes: number
  attachWindowMinutes: number
}

async function applyTouch(
  tx: Tx,
  touch: InboundTouch,
  resolved: ResolvedContact,
  source: SourceRow | null,
  deps: RouteTouchDeps,
): Promise<Outcome> {
  const contactId = resolved.contact.id
  await useSchema(tx, deps.schema)
  // One contact's touches are routed one at a time, so "open lead or new lead" is decided once.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`contact:${contactId}`}))`
  const seen = await tx.leadTouch.findUnique({
    where: { sourceEventId: touch.sourceEventId },
    select: { id: true },
  })
  if (seen) return 'duplicate'

  const windowMinutes = source?.attachWindowMinutes ?? deps.defaults.attachWindowMinutes
  const open = await tx.lead.findFirst({
    where: { contactId, status: { in: [...openStatuses] } },
    orderBy: { lastTouchAt: 'desc' },
  })
  const withinWindow =
    open && open.lastTouchAt.getTime() >= touch.occurredAt.getTime() - windowMinutes * minute
  if (open && (withinWindow || touch.marksWon)) {
    await attach(tx, open.id, open.lastTouchAt, touch)
    return 'attached'
  }
  if (!touch.mayCreateLead) return 'ignored'

  const now = new Date()
  const assignment = await assignNewLead(tx, touch.facts, source?.departmentId ?? null)
  const department = assignment.departmentId
    ? await tx.department.findUnique({ where: { id: assignment.departmentId } })
    : null
  const hours = businessHoursSchema.safeParse(department?.businessHours ?? null)
  const slaDueAt = touch.marksWon
    ? null
    : addBusinessMinutes(
        now,
        source?.slaMinutes ?? deps.defaults.slaMinutes,
        hours.success ? hours.data : null,
        department?.timezone ?? 'UTC',
      )
  const lead = await tx.lead.create({
    data: {
      sourceEventId: touch.sourceEventId,
      source: touch.source,
      status: touch.marksWon ? 'won' : 'new',
      contactId,
      phoneE164: resolved.contact.phoneE164,
      email: resolved.contact.email,
      name: resolved.contact.name,
      ownerId: assignment.ownerId,
      departmentId: assignment.departmentId,
      slaDueAt,
      lastTouchAt: touch.occurredAt,
      createdAt: now,
    },
  })
  await tx.leadTouch.create({ data: touchRow(lead.id, touch) })
  if (slaDueAt) await tx.slaTimer.create({ data: { leadId: lead.id, dueAt: slaDueAt } })
  await emitLeadCreated(tx, lead)
  await emitLeadAssigned(tx, lead.id, assignment, now)
  await emitLeadsChanged(tx, [lead])
  return 'created'
}

/** The timeline row of an inbound touch. */
export function touchRow(leadId: string, touch: InboundTouch) {
  return {
    leadId,
    kind: touch.kind,
    sourceEventId: touch.sourceEventId,
    occurredAt: touch.occurredAt,
    details: touch.details as object,
  }
}

async function attach(tx: Tx, leadId: string, lastTouchAt: Date, touch: InboundTouch): Promise<void> {
  await tx.leadTouch.create({ data: touchRow(leadId, touch) })
  const latest = touch.occurredAt > lastTouchAt ? touch.occurredAt : lastTouchAt
  if (!touch.marksWon) {
    await emitLeadsChanged(tx, [
      await tx.lead.update({ where: { id: leadId }, data: { lastTouchAt: latest } }),
    ])
    return
  }
  const lead = await tx.lead.update({ where: { id: leadId }, data: { lastTouchAt: latest, status: 'won' } })
  await emitLeadsChanged(tx, [lead])
  await tx.slaTimer.updateMany({
    where: { leadId, firedAt: null, cancelledAt: null },
    data: { cancelledAt: new Date() },
  })
  await tx.leadTouch.create({
    data: {
      leadId,
      kind: 'status_change',
      sourceEventId: `${touch.sourceEventId}:status`,
      occurredAt: touch.occurredAt,
      details: { to: lead.status, reason: 'payment' },
    },
  })
}

import { randomUUID } from 'node:crypto'
import { NonRetryableError } from '@leadflow/kafka'
import type { ResolvedContact } from '../clients/contacts.client.js'
import { insertLeads, insertOutbox, insertSlaTimers, insertTouches } from '../db/bulk-insert.js'
import { useSchema, type Tx } from '../db/transaction.js'
import { addBusinessMinutes, businessHoursSchema } from '../domain/business-hours.js'
import { hasContact, type InboundTouch } from '../domain/inbound-touch.js'
import { openStatuses } from '../domain/lead-status.js'
import { createBatchAssigner } from '../routing/batch-assigner.js'
import { leadAssignedRows, leadCreatedMessage, type LeadRow } from '../routing/lead-events.js'
import { touchRow, type Outcome, type RouteTouchDeps } from './route-touch.handler.js'

interface BatchLog {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
}

type SourceRow = {
  slug: string
  departmentId: string | null
  slaMinutes: number
  attachWindowMinutes: number
}
type Resolved = { touch: InboundTouch; contact: ResolvedContact['contact'] }
type NewLead = LeadRow & { ownerId: string | null; departmentId: string | null; lastTouchAt: Date }

const minute = 60_000

/**
 * Many inbound touches (in delivery order), exactly once, in one transaction: the same
 * decisions `routeTouch` makes one at a time — duplicates by source event id (within the batch
 * and against the database) change nothing, a touch joins its contact's open lead inside the
 * window (also a lead opened earlier in the batch) or opens a new one, assigned with the loads
 * of this batch counted. Contacts are resolved in one request. Throws when any touch is bad
 * data, so the consumer routes the batch one touch at a time and dead-letters only that one.
 */
export async function routeTouchBatch(
  touches: readonly InboundTouch[],
  deps: RouteTouchDeps,
  ctx: { log: BatchLog; signal: AbortSignal },
): Promise<Record<Outcome, number>> {
  const { db } = deps
  const counts: Record<Outcome, number> = { duplicate: 0, created: 0, attached: 0, ignored: 0 }
  const unique = new Map<string, InboundTouch>()
  for (const touch of touches) {
    if (unique.has(touch.sourceEventId)) counts.duplicate++
    else unique.set(touch.sourceEventId, touch)
  }
  if ([...unique.values()].some((touch) => !hasContact(touch)))
    throw new NonRetryableError('an event names neither a phone number nor an e-mail address')
  const seen = await db.leadTouch.findMany({
    where: { sourceEventId: { in: [...unique.keys()] } },
    select: { sourceEventId: true },
  })
  for (const { sourceEventId } of seen) unique.delete(sourceEventId)
  counts.duplicate += seen.length
  const pending = [...unique.values()]
  if (pending.length === 0) return counts

  const queries = new Map(pending.map((touch) => [JSON.stringify(touch.contact), touch.contact]))
  const answers = await deps.contacts.resolveMany([...queries.values()], {
    signal: ctx.signal,
    onRetry: (err) => ctx.log.warn({ err }, 'contacts unavailable, retrying'),
  })
  const byQuery = new Map([...queries.keys()].map((key, i) => [key, answers[i]?.contact]))
  const resolved: Resolved[] = pending.map((touch) => {
    const contact = byQuery.get(JSON.stringify(touch.contact))
    if (!contact) throw new Error('contacts answered fewer contacts than asked for')
    return { touch, contact }
  })
  const sources = await db.leadSource.findMany({
    where: { slug: { in: [...new Set(pending.map((t) => t.source))] } },
  })
  const outcome = await db.$transaction((tx) => applyBatch(tx, resolved, sources, deps), {
    timeout: 60_000,
    maxWait: 30_000,
  })
  for (const [key, value] of Object.entries(outcome) as [Outcome, number][]) counts[key] += value
  if (counts.created + counts.attached > 0) deps.onEventsQueued()
  return counts
}

async function applyBatch(
  tx: Tx,
  batch: readonly Resolved[],
  sources: readonly SourceRow[],
  deps: RouteTouchDeps,
): Promise<Record<Outcome, number>> {
  const counts: Record<Outcome, number> = { duplicate: 0, created: 0, attached: 0, ignored: 0 }
  await useSchema(tx, deps.schema)
  // The same per-contact lock as one touch at a time, taken in one order so batches never deadlock.
  const contactIds = [...new Set(batch.map((r) => r.contact.id))].sort()
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(k) FROM (
    SELECT hashtext('contact:' || id) AS k FROM unnest(${contactIds}::text[]) AS id ORDER BY id) AS locks`
  const already = new Set(
    (
      await tx.leadTouch.findMany({
        where: { sourceEventId: { in: batch.map((r) => r.touch.sourceEventId) } },
        select: { sourceEventId: true },
      })
    ).map((t) => t.sourceEventId),
  )
  const fresh = batch.filter((r) => !already.has(r.touch.sourceEventId))
  counts.duplicate += batch.length - fresh.length

  const open = new Map<string, { id: string; lastTouchAt: Date; isNew: boolean }>()
  const openRows = await tx.lead.findMany({
    where: { contactId: { in: contactIds }, status: { in: [...openStatuses] } },
    orderBy: { lastTouchAt: 'asc' },
    select: { id: true, contactId: true, lastTouchAt: true },
  })
  // Ascending, so the most recently touched open lead of each contact is the one kept.
  for (const row of openRows) if (row.contactId) open.set(row.contactId, { ...row, isNew: false })

  const sourceOf = (slug: string) => sources.find((s) => s.slug === slug) ?? null
  const assigner = await createBatchAssigner(
    tx,
    fresh
      .filter((r) => r.touch.mayCreateLead)
      .map((r) => ({
        facts: r.touch.facts,
        sourceDepartmentId: sourceOf(r.touch.source)?.departmentId ?? null,
      })),
  )
  const departments = new Map<string, { timezone: string; businessHours: unknown } | null>()
  const now = new Date()
  const leads: NewLead[] = []
  const touches: ReturnType<typeof touchRow>[] = []
  const timeline: ReturnType<typeof leadAssignedRows>['touch'][] = []
  const outbox: ReturnType<typeof leadCreatedMessage>[] = []
  const timers: { leadId: string; dueAt: Date }[] = []
  const lastTouch = new Map<string, Date>()

  for (const { touch, contact } of fresh) {
    const source = sourceOf(touch.source)
    const windowMinutes = source?.attachWindowMinutes ?? deps.defaults.attachWindowMinutes
    const current = open.get(contact.id)
    if (current && current.lastTouchAt.getTime() >= touch.occurredAt.getTime() - windowMinutes * minute) {
      touches.push(touchRow(current.id, touch))
      if (touch.occurredAt > current.lastTouchAt) current.lastTouchAt = touch.occurredAt
      if (!current.isNew) lastTouch.set(current.id, current.lastTouchAt)
      counts.attached++
      continue
    }
    if (!touch.mayCreateLead) {
      counts.ignored++
      continue
    }
    const assignment = await assigner.assign({
      facts: touch.facts,
      sourceDepartmentId: source?.departmentId ?? null,
    })
    const departmentId = assignment.departmentId
    if (departmentId && !departments.has(departmentId)) {
      departments.set(departmentId, await tx.department.findUnique({ where: { id: departmentId } }))
    }
    const department = departmentId ? departments.get(departmentId) : null
    const hours = businessHoursSchema.safeParse(department?.businessHours ?? null)
    const slaDueAt = addBusinessMinutes(
      now,
      source?.slaMinutes ?? deps.defaults.slaMinutes,
      hours.success ? hours.data : null,
      department?.timezone ?? 'UTC',
    )
    const lead = {
      id: randomUUID(),
      sourceEventId: touch.sourceEventId,
      source: touch.source,
      status: 'new',
      contactId: contact.id,
      phoneE164: contact.phoneE164,
      email: contact.email,
      name: contact.name,
      ownerId: assignment.ownerId,
      departmentId,
      slaDueAt,
      lastTouchAt: touch.occurredAt,
      createdAt: now,
    }
    leads.push(lead)
    open.set(contact.id, { id: lead.id, lastTouchAt: touch.occurredAt, isNew: true })
    touches.push(touchRow(lead.id, touch))
    timers.push({ leadId: lead.id, dueAt: slaDueAt })
    outbox.push(leadCreatedMessage(lead))
    const assigned = leadAssignedRows(lead.id, assignment, now)
    outbox.push(assigned.outbox)
    timeline.push(assigned.touch)
    counts.created++
  }
  // Leads opened here take the latest touch time of everything that joined them.
  for (const lead of leads) lead.lastTouchAt = open.get(lead.contactId ?? '')?.lastTouchAt ?? lead.lastTouchAt

  await insertLeads(tx, leads)
  await insertTouches(tx, [...touches, ...timeline])
  await insertSlaTimers(tx, timers)
  await insertOutbox(tx, outbox)
  if (lastTouch.size > 0) {
    const ids = [...lastTouch.keys()]
    const times = [...lastTouch.values()].map((at) => at.toISOString())
    await tx.$executeRaw`UPDATE leads SET last_touch_at = GREATEST(last_touch_at, v.at), updated_at = now()
      FROM unnest(${ids}::uuid[], ${times}::timestamptz[]) AS v(id, at) WHERE leads.id = v.id`
  }
  await assigner.flush()
  return counts
}

import { randomUUID } from 'node:crypto'
import { NonRetryableError } from '@leadflow/kafka'
import type { ResolvedContact } from '../clients/contacts.client.js'
import { writeBatch } from '../db/bulk-insert.js'
import { useSchema, type Tx } from '../db/transaction.js'
import { addBusinessMinutes, businessHoursSchema } from '../domain/business-hours.js'
import { hasContact, type InboundTouch } from '../domain/inbound-touch.js'
import { openStatuses } from '../domain/lead-status.js'
import { createBatchAssigner } from '../routing/batch-assigner.js'
import {
  emitLeadsChanged,
  leadAssignedRows,
  leadChangedMessage,
  leadCreatedMessage,
  type LeadRow,
} from '../routing/lead-events.js'
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

/** Milliseconds spent in each step of one batch, logged with the batch's outcome. */
export type Phases = Record<string, number>

function phaseClock(): { phases: Phases; lap: (name: string) => void } {
  const phases: Phases = {}
  let last = performance.now()
  return {
    phases,
    lap: (name) => {
      const now = performance.now()
      phases[name] = Math.round((phases[name] ?? 0) + now - last)
      last = now
    },
  }
}

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
  const clock = phaseClock()
  const counts: Record<Outcome, number> = { duplicate: 0, created: 0, attached: 0, ignored: 0 }
  const unique = new Map<string, InboundTouch>()
  for (const touch of touches) {
    if (unique.has(touch.sourceEventId)) counts.duplicate++
    else unique.set(touch.sourceEventId, touch)
  }
  if ([...unique.values()].some((touch) => !hasContact(touch)))
    throw new NonRetryableError('an event names neither a phone number nor an e-mail address')
  // Touches seen before (a redelivery) are dropped below; their contacts are resolved anyway,
  // which changes nothing, so the three look-ups go out together.
  const queries = new Map([...unique.values()].map((touch) => [JSON.stringify(touch.contact), touch.contact]))
  const [seen, answers, sources] = await Promise.all([
    db.leadTouch.findMany({
      where: { sourceEventId: { in: [...unique.keys()] } },
      select: { sourceEventId: true },
    }),
    deps.contacts.resolveMany([...queries.values()], {
      signal: ctx.signal,
      onRetry: (err) => ctx.log.warn({ err }, 'contacts unavailable, retrying'),
    }),
    db.leadSource.findMany({
      where: { slug: { in: [...new Set([...unique.values()].map((t) => t.source))] } },
    }),
  ])
  for (const { sourceEventId } of seen) unique.delete(sourceEventId)
  counts.duplicate += seen.length
  const pending = [...unique.values()]
  if (pending.length === 0) return counts
  const byQuery = new Map([...queries.keys()].map((key, i) => [key, answers[i]?.contact]))
  const resolved: Resolved[] = pending.map((touch) => {
    const contact = byQuery.get(JSON.stringify(touch.contact))
    if (!contact) throw new Error('contacts answered fewer contacts than asked for')
    return { touch, contact }
  })
  clock.lap('lookups')
  const outcome = await db.$transaction((tx) => applyBatch(tx, resolved, sources, deps, clock.lap), {
    timeout: 60_000,
    maxWait: 30_000,
  })
  clock.lap('commit')
  ctx.log.info({ ms: clock.phases }, 'batch phases')
  for (const [key, value] of Object.entries(outcome) as [Outcome, number][]) counts[key] += value
  if (counts.created + counts.attached > 0) deps.onEventsQueued()
  return counts
}

async function applyBatch(
  tx: Tx,
  batch: readonly Resolved[],
  sources: readonly SourceRow[],
  deps: RouteTouchDeps,
  lap: (name: string) => void,
): Promise<Record<Outcome, number>> {
  const counts: Record<Outcome, number> = { duplicate: 0, created: 0, attached: 0, ignored: 0 }
  lap('begin')
  await useSchema(tx, deps.schema)
  // The same per-contact lock as one touch at a time, taken in key order so batches never deadlock.
  const contactIds = [...new Set(batch.map((r) => r.contact.id))]
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(k) FROM (
    SELECT DISTINCT hashtext('contact:' || id) AS k FROM unnest(${contactIds}::text[]) AS id ORDER BY k) AS locks`
  lap('locks')
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
  lap('touchesSeen')

  const open = new Map<string, { id: string; lastTouchAt: Date; isNew: boolean }>()
  // Each contact's most recently touched open lead: the one a touch may join.
  const openRows = await tx.$queryRaw<{ id: string; contact_id: string; last_touch_at: Date }[]>`
    SELECT DISTINCT ON (contact_id) id::text, contact_id::text, last_touch_at FROM leads
    WHERE contact_id = ANY(${contactIds}::uuid[]) AND status = ANY(${[...openStatuses]}::text[])
    ORDER BY contact_id, last_touch_at DESC`
  for (const row of openRows) {
    open.set(row.contact_id, { id: row.id, lastTouchAt: row.last_touch_at, isNew: false })
  }
  lap('openLeads')

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
  lap('members')
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
    outbox.push(leadChangedMessage({ ...lead, version: 1, firstResponseAt: null, updatedAt: now }))
    timeline.push(assigned.touch)
    counts.created++
  }
  // Leads opened here take the latest touch time of everything that joined them.
  for (const lead of leads) lead.lastTouchAt = open.get(lead.contactId ?? '')?.lastTouchAt ?? lead.lastTouchAt

  lap('decide')
  const touched = await writeBatch(tx, {
    leads,
    touches: [...touches, ...timeline],
    timers,
    outbox,
    lastTouch,
  })
  await emitLeadsChanged(tx, touched)
  lap('write')
  await assigner.flush()
  lap('flushMembers')
  return counts
}

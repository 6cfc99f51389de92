import { randomUUID } from 'node:crypto'
import type { LeadState } from '../routing/lead-events.js'
import { leadStateColumns } from './lead-state-columns.js'
import type { Tx } from './transaction.js'

/** A new lead's columns. */
export interface LeadInsert {
  id: string
  sourceEventId: string
  source: string
  status: string
  contactId: string | null
  phoneE164: string | null
  email: string | null
  name: string | null
  ownerId: string | null
  departmentId: string | null
  slaDueAt: Date | null
  lastTouchAt: Date
  createdAt: Date
}

export interface TouchInsert {
  leadId: string
  kind: string
  sourceEventId: string
  occurredAt: Date
  details: unknown
}

export interface OutboxInsert {
  topic: string
  key: string
  value: Uint8Array
  headers: Record<string, string>
}

const iso = (at: Date | null): string | null => (at ? at.toISOString() : null)

/** What one batch writes: new rows for four tables, and later touch times for open leads. */
export interface BatchWrite {
  leads: readonly LeadInsert[]
  touches: readonly TouchInsert[]
  timers: readonly { leadId: string; dueAt: Date }[]
  outbox: readonly OutboxInsert[]
  lastTouch: ReadonlyMap<string, Date>
}

/**
 * A batch's rows in one statement (one array parameter per column, each table's insert a
 * data-modifying CTE): a batch costs one round trip instead of one per table or per row. The
 * foreign keys are checked at the end of the statement, when the new leads are there. The
 * transaction must have the service schema on its search_path. Returns the state of the open
 * leads whose touch time it moved.
 */
export async function writeBatch(
  tx: Tx,
  { leads, touches, timers, outbox, lastTouch }: BatchWrite,
): Promise<LeadState[]> {
  const lead = <K extends keyof LeadInsert>(key: K) => leads.map((row) => row[key])
  return tx.$queryRaw<LeadState[]>`WITH new_leads AS (
    INSERT INTO leads (id, source_event_id, source, status, contact_id, phone_e164,
      email, name, owner_id, department_id, sla_due_at, last_touch_at, created_at, updated_at)
    SELECT id, source_event_id, source, status, contact_id, phone_e164, email, name, owner_id,
      department_id, sla_due_at, last_touch_at, created_at, created_at
    FROM unnest(${lead('id')}::uuid[], ${lead('sourceEventId')}::text[], ${lead('source')}::text[],
      ${lead('status')}::text[], ${lead('contactId')}::uuid[], ${lead('phoneE164')}::text[],
      ${lead('email')}::text[], ${lead('name')}::text[], ${lead('ownerId')}::uuid[],
      ${lead('departmentId')}::uuid[], ${leads.map((l) => iso(l.slaDueAt))}::timestamptz[],
      ${leads.map((l) => iso(l.lastTouchAt))}::timestamptz[], ${leads.map((l) => iso(l.createdAt))}::timestamptz[])
      AS t(id, source_event_id, source, status, contact_id, phone_e164, email, name, owner_id,
        department_id, sla_due_at, last_touch_at, created_at)
  ), new_touches AS (
    INSERT INTO lead_touches (id, lead_id, kind, source_event_id, occurred_at, details)
    SELECT * FROM unnest(${touches.map(() => randomUUID())}::uuid[], ${touches.map((t) => t.leadId)}::uuid[],
      ${touches.map((t) => t.kind)}::text[], ${touches.map((t) => t.sourceEventId)}::text[],
      ${touches.map((t) => iso(t.occurredAt))}::timestamptz[],
      ${touches.map((t) => JSON.stringify(t.details ?? {}))}::jsonb[])
  ), new_timers AS (
    INSERT INTO sla_timers (id, lead_id, due_at)
    SELECT * FROM unnest(${timers.map(() => randomUUID())}::uuid[], ${timers.map((t) => t.leadId)}::uuid[],
      ${timers.map((t) => iso(t.dueAt))}::timestamptz[])
  ), new_outbox AS (
    INSERT INTO outbox (topic, key, value, headers)
    SELECT topic, key, decode(value, 'base64'), headers
    FROM unnest(${outbox.map((r) => r.topic)}::text[], ${outbox.map((r) => r.key)}::text[],
      ${outbox.map((r) => Buffer.from(r.value).toString('base64'))}::text[],
      ${outbox.map((r) => JSON.stringify(r.headers))}::jsonb[]) AS t(topic, key, value, headers)
  )
  UPDATE leads SET last_touch_at = GREATEST(last_touch_at, v.at), updated_at = now()
  FROM unnest(${[...lastTouch.keys()]}::uuid[], ${[...lastTouch.values()].map((at) => at.toISOString())}::timestamptz[])
    AS v(id, at)
  WHERE leads.id = v.id
  RETURNING ${leadStateColumns}`
}

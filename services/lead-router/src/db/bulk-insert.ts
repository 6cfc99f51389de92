import { randomUUID } from 'node:crypto'
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

/**
 * Many rows per statement (one array parameter per column): a batch of leads costs a handful of
 * round trips instead of one per row. The transaction must have the service schema on its
 * search_path.
 */
export async function insertLeads(tx: Tx, leads: readonly LeadInsert[]): Promise<void> {
  if (leads.length === 0) return
  const col = <K extends keyof LeadInsert>(key: K) => leads.map((lead) => lead[key])
  await tx.$executeRaw`INSERT INTO leads (id, source_event_id, source, status, contact_id, phone_e164,
      email, name, owner_id, department_id, sla_due_at, last_touch_at, created_at, updated_at)
    SELECT id, source_event_id, source, status, contact_id, phone_e164, email, name, owner_id,
      department_id, sla_due_at, last_touch_at, created_at, created_at
    FROM unnest(${col('id')}::uuid[], ${col('sourceEventId')}::text[], ${col('source')}::text[],
      ${col('status')}::text[], ${col('contactId')}::uuid[], ${col('phoneE164')}::text[],
      ${col('email')}::text[], ${col('name')}::text[], ${col('ownerId')}::uuid[],
      ${col('departmentId')}::uuid[], ${leads.map((l) => iso(l.slaDueAt))}::timestamptz[],
      ${leads.map((l) => iso(l.lastTouchAt))}::timestamptz[], ${leads.map((l) => iso(l.createdAt))}::timestamptz[])
      AS t(id, source_event_id, source, status, contact_id, phone_e164, email, name, owner_id,
        department_id, sla_due_at, last_touch_at, created_at)`
}

export async function insertTouches(tx: Tx, touches: readonly TouchInsert[]): Promise<void> {
  if (touches.length === 0) return
  await tx.$executeRaw`INSERT INTO lead_touches (id, lead_id, kind, source_event_id, occurred_at, details)
    SELECT * FROM unnest(${touches.map(() => randomUUID())}::uuid[], ${touches.map((t) => t.leadId)}::uuid[],
      ${touches.map((t) => t.kind)}::text[], ${touches.map((t) => t.sourceEventId)}::text[],
      ${touches.map((t) => iso(t.occurredAt))}::timestamptz[],
      ${touches.map((t) => JSON.stringify(t.details ?? {}))}::jsonb[])`
}

export async function insertSlaTimers(
  tx: Tx,
  timers: readonly { leadId: string; dueAt: Date }[],
): Promise<void> {
  if (timers.length === 0) return
  await tx.$executeRaw`INSERT INTO sla_timers (id, lead_id, due_at)
    SELECT * FROM unnest(${timers.map(() => randomUUID())}::uuid[], ${timers.map((t) => t.leadId)}::uuid[],
      ${timers.map((t) => iso(t.dueAt))}::timestamptz[])`
}

export async function insertOutbox(tx: Tx, rows: readonly OutboxInsert[]): Promise<void> {
  if (rows.length === 0) return
  await tx.$executeRaw`INSERT INTO outbox (topic, key, value, headers)
    SELECT topic, key, decode(value, 'base64'), headers
    FROM unnest(${rows.map((r) => r.topic)}::text[], ${rows.map((r) => r.key)}::text[],
      ${rows.map((r) => Buffer.from(r.value).toString('base64'))}::text[],
      ${rows.map((r) => JSON.stringify(r.headers))}::jsonb[]) AS t(topic, key, value, headers)`
}

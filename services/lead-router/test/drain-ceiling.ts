import { randomUUID } from 'node:crypto'
import { callReceivedV1, type CallReceivedV1 } from '@leadflow/contracts'
import { createPgPool } from '@leadflow/db'
import { createConsumer, onBatch, startGroupAt, type Kafka } from '@leadflow/kafka'
import { createLogger } from '@leadflow/telemetry'
import { fromCall } from '../src/domain/inbound-touch.js'
import { touchRow } from '../src/handlers/route-touch.handler.js'
import { leadAssignedRows, leadChangedMessage, leadCreatedMessage } from '../src/routing/lead-events.js'
import { backlogPartitions } from './drain-bench-support.js'

const slaMs = 4 * 3_600_000
/** Calls a batch: four times lead-router's 500, as larger batches only make the ceiling higher. */
const ceilingBatch = 2_000

/**
 * The drain benchmark's ceiling: the least a correct drain of a CallReceived backlog does, so its
 * rate bounds what lead-router can reach on the same machine. The same consumer (`onBatch`, 2 000
 * calls a batch, offsets committed after the transaction, the backlog's partitions handled at
 * once as lead-router handles them), and per batch one transaction of two statements:
 *  1. the callers' contacts, created or found by E.164 number in one statement, in a table with
 *     that number as its only key (no contacts service, no HTTP, no normalisation, no enrichment,
 *     no ContactUpserted events);
 *  2. the new leads (a redelivered call changes nothing: the source event id is the unique key),
 *     each with its call on the timeline, its SLA timer (a fixed 4 h), the assignment on the
 *     timeline and LeadCreated, LeadAssigned and LeadChanged in the outbox, encoded as lead-router
 *     encodes them.
 * Left out: routing rules, business hours, fewest-open-leads assignment (owners take turns),
 * the per-contact locks, joining an open lead, the outbox relay and its Kafka sends.
 */
export async function startDrainCeiling({
  kafka,
  databaseUrl,
  topic,
  groupId,
  owners,
}: {
  kafka: Kafka
  databaseUrl: string
  topic: string
  groupId: string
  owners: readonly string[]
}): Promise<{ stop(): Promise<void> }> {
  const logger = createLogger({ service: 'drain-ceiling', level: 'warn' })
  // One connection per partition handled at once, as lead-router's batches each hold one.
  const db = createPgPool({ databaseUrl, defaultSchema: 'lead-router', max: backlogPartitions, logger })
  await db.query(
    `CREATE TABLE IF NOT EXISTS ceiling_contacts (
    id uuid PRIMARY KEY, phone_e164 text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now())`,
    [],
  )
  let turn = 0

  async function drain(calls: readonly CallReceivedV1[]): Promise<void> {
    const phoneOf = (call: CallReceivedV1): string => call.callerE164 || call.callerRaw
    const phones = [...new Set(calls.map(phoneOf))]
    const client = await db.pool.connect()
    try {
      await client.query('BEGIN')
      const found = await client.query<{ id: string; phone: string }>(
        `WITH created AS (
           INSERT INTO ceiling_contacts (id, phone_e164)
           SELECT gen_random_uuid(), phone FROM unnest($1::text[]) AS phone
           ON CONFLICT DO NOTHING RETURNING id::text, phone_e164)
         SELECT id, phone_e164 AS phone FROM created
         UNION ALL SELECT id::text, phone_e164 FROM ceiling_contacts WHERE phone_e164 = ANY($1::text[])`,
        [phones],
      )
      const contactOf = new Map(found.rows.map((row) => [row.phone, row.id]))
      // A number another batch created meanwhile is not in this snapshot: the batch is retried.
      const missing = phones.find((phone) => !contactOf.has(phone))
      if (missing) throw new Error(`the contact of ${missing} was created by a concurrent batch`)
      const now = new Date()
      const rows = calls.map((call) => {
        const phone = phoneOf(call)
        const lead = {
          id: randomUUID(),
          sourceEventId: call.eventId,
          source: 'call',
          status: 'new',
          contactId: contactOf.get(phone) ?? null, // always found (checked above)
          phoneE164: phone,
          email: null,
          name: null,
          slaDueAt: new Date(now.getTime() + slaMs),
          createdAt: now,
        }
        const ownerId = owners[turn++ % owners.length] ?? null
        const assigned = leadAssignedRows(
          lead.id,
          { ownerId, departmentId: null, reason: 'round_robin' },
          now,
        )
        const touch = touchRow(lead.id, fromCall(call))
        const changed = leadChangedMessage({
          ...lead,
          ownerId,
          departmentId: null,
          version: 1,
          firstResponseAt: null,
          updatedAt: now,
        })
        return { lead, ownerId, assigned, touch, created: leadCreatedMessage(lead), changed }
      })
      const outbox = rows.flatMap((r) => [
        { ...r.created, leadId: r.lead.id },
        { ...r.assigned.outbox, leadId: r.lead.id },
        { ...r.changed, leadId: r.lead.id },
      ])
      const timeline = rows.flatMap((r) => [r.touch, r.assigned.touch])
      await client.query(
        `WITH new_leads AS (
           INSERT INTO leads (id, source_event_id, source, status, contact_id, phone_e164, owner_id,
             sla_due_at, last_touch_at, created_at, updated_at)
           SELECT id, event_id, 'call', 'new', contact_id, phone, owner_id, $5::timestamptz, at, $6::timestamptz, $6::timestamptz
           FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $7::uuid[], $8::timestamptz[])
             AS t(id, event_id, contact_id, phone, owner_id, at)
           ON CONFLICT (source_event_id) DO NOTHING RETURNING id
         ), new_touches AS (
           INSERT INTO lead_touches (id, lead_id, kind, source_event_id, occurred_at, details)
           SELECT gen_random_uuid(), lead_id, kind, event_id, at, details
           FROM unnest($9::uuid[], $10::text[], $11::text[], $12::timestamptz[], $13::jsonb[])
             AS t(lead_id, kind, event_id, at, details)
           WHERE lead_id IN (SELECT id FROM new_leads)
         ), new_timers AS (
           INSERT INTO sla_timers (id, lead_id, due_at)
           SELECT gen_random_uuid(), id, $5::timestamptz FROM new_leads
         )
         INSERT INTO outbox (topic, key, value, headers)
         SELECT topic, key, value, headers FROM unnest($14::text[], $15::text[], $16::bytea[], $17::jsonb[], $18::uuid[])
           AS t(topic, key, value, headers, lead_id)
         WHERE lead_id IN (SELECT id FROM new_leads)`,
        [
          rows.map((r) => r.lead.id),
          rows.map((r) => r.lead.sourceEventId),
          rows.map((r) => r.lead.contactId),
          rows.map((r) => r.lead.phoneE164),
          new Date(now.getTime() + slaMs).toISOString(),
          now.toISOString(),
          rows.map((r) => r.ownerId),
          rows.map((r) => r.touch.occurredAt.toISOString()),
          timeline.map((t) => t.leadId),
          timeline.map((t) => t.kind),
          timeline.map((t) => t.sourceEventId),
          timeline.map((t) => t.occurredAt.toISOString()),
          timeline.map((t) => JSON.stringify(t.details ?? {})),
          outbox.map((m) => m.topic),
          outbox.map((m) => m.key),
          outbox.map((m) => Buffer.from(m.value)),
          outbox.map((m) => JSON.stringify(m.headers)),
          outbox.map((m) => m.leadId),
        ],
      )
      await client.query('COMMIT')
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw err
    } finally {
      client.release()
    }
  }

  // A group of its own, reading the backlog from its first call.
  await startGroupAt(kafka, groupId, [topic], 'start')
  const consumer = createConsumer(kafka, {
    groupId,
    logger,
    deadLetterTopic: false,
    partitionsConcurrently: backlogPartitions,
    handlers: [
      {
        ...onBatch(callReceivedV1, (items) => drain(items.map((item) => item.event)), {
          maxBatchSize: ceilingBatch,
        }),
        topic,
      },
    ],
  })
  await consumer.start()
  return {
    async stop() {
      await consumer.stop()
      await db.end()
    },
  }
}

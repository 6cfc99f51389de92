import type { WebhookRow } from './insert-batcher.js'

const casts = [
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'bytea',
  'text',
  'jsonb',
  'text',
  'timestamptz',
  'text',
  'text',
  'text',
  'bytea',
  'jsonb',
  'integer',
]
const columns =
  'provider, event_id, event_type, status, reason, call_id, caller_e164, raw_body, content_type, headers, client_ip, received_at, emitted_type, emitted_topic, emitted_key, emitted_value, emitted_headers, duplicates'

/**
 * One statement for a batch of distinct webhooks: new events are inserted with their outbox rows;
 * an event already stored only has its duplicate count raised (by one, plus the copies that came
 * in this same batch, passed as `duplicates`). `inserted` tells which rows are new.
 */
export function batchSql(rows: number): string {
  let sql = statements.get(rows)
  if (!sql) {
    sql = buildBatchSql(rows)
    statements.set(rows, sql)
  }
  return sql
}

const statements = new Map<number, string>()

function buildBatchSql(rows: number): string {
  const values = Array.from({ length: rows }, (_, r) => {
    const params = casts.map((cast, c) => `$${r * casts.length + c + 1}::${cast}`)
    return `(${r}, ${params.join(', ')})`
  })
  return `
WITH input(idx, ${columns}) AS (VALUES ${values.join(',\n')}),
ev AS (
  INSERT INTO webhook_events AS w (id, ${columns})
  SELECT gen_random_uuid(), ${columns} FROM input ORDER BY idx
  ON CONFLICT (provider, event_id) DO UPDATE
    SET duplicates = w.duplicates + 1 + EXCLUDED.duplicates, last_duplicate_at = EXCLUDED.received_at
  RETURNING w.provider, w.event_id, (w.xmax = 0) AS inserted
), ob AS (
  INSERT INTO outbox (topic, key, value, headers)
  SELECT i.emitted_topic, i.emitted_key, i.emitted_value, i.emitted_headers
  FROM input i JOIN ev ON ev.provider = i.provider AND ev.event_id = i.event_id AND ev.inserted
  WHERE i.emitted_topic IS NOT NULL ORDER BY i.idx
  RETURNING id
)
SELECT provider, event_id, inserted FROM ev`
}

/** Bytes as pg sends them (a Buffer over the same memory, no copy). */
const bytes = (value: Uint8Array): Buffer =>
  Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)

/** The statement's parameters for one row, in `casts` order. */
export const rowParams = (row: WebhookRow, copies: number): unknown[] => [
  row.provider,
  row.eventId,
  row.eventType,
  row.status,
  row.reason,
  row.callId,
  row.callerE164,
  bytes(row.rawBody),
  row.contentType,
  row.headers,
  row.clientIp,
  row.receivedAt,
  row.emittedType,
  row.emittedTopic,
  row.emittedKey,
  row.emittedValue && bytes(row.emittedValue),
  row.emittedHeaders,
  copies,
]

import type { PrismaClient } from '../generated/prisma/client.js'

/** One webhook row (and its outbox row when `emitted*` are set), in column order. */
export interface WebhookRow {
  provider: string
  eventId: string
  eventType: string
  status: string
  reason: string | null
  callId: string | null
  callerE164: string | null
  rawBody: Uint8Array
  contentType: string
  headers: string
  clientIp: string
  receivedAt: string
  emittedType: string | null
  emittedTopic: string | null
  emittedKey: string | null
  emittedValue: Uint8Array | null
  emittedHeaders: string | null
}

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
]
const columns =
  'provider, event_id, event_type, status, reason, call_id, caller_e164, raw_body, content_type, headers, client_ip, received_at, emitted_type, emitted_topic, emitted_key, emitted_value, emitted_headers'

function batchSql(rows: number): string {
  const values = Array.from({ length: rows }, (_, r) => {
    const params = casts.map((cast, c) => `$${r * casts.length + c + 1}::${cast}`)
    return `(${r}, ${params.join(', ')})`
  })
  return `
WITH input(idx, ${columns}) AS (VALUES ${values.join(',\n')}),
ev AS (
  INSERT INTO webhook_events (id, ${columns})
  SELECT gen_random_uuid(), ${columns} FROM input ORDER BY idx
  ON CONFLICT (provider, event_id) DO NOTHING
  RETURNING provider, event_id
), ob AS (
  INSERT INTO outbox (topic, key, value, headers)
  SELECT i.emitted_topic, i.emitted_key, i.emitted_value, i.emitted_headers
  FROM input i JOIN ev ON ev.provider = i.provider AND ev.event_id = i.event_id
  WHERE i.emitted_topic IS NOT NULL ORDER BY i.idx
  RETURNING id
)
SELECT provider, event_id FROM ev`
}

const rowParams = (row: WebhookRow): unknown[] => [
  row.provider,
  row.eventId,
  row.eventType,
  row.status,
  row.reason,
  row.callId,
  row.callerE164,
  row.rawBody,
  row.contentType,
  row.headers,
  row.clientIp,
  row.receivedAt,
  row.emittedType,
  row.emittedTopic,
  row.emittedKey,
  row.emittedValue,
  row.emittedHeaders,
]

interface Waiter {
  row: WebhookRow
  resolve: (inserted: boolean) => void
  reject: (err: unknown) => void
}

export interface InsertBatcher {
  /** Resolves true when this row was stored, false when its (provider, event id) already was. */
  insert(row: WebhookRow): Promise<boolean>
}

/**
 * Group commit: while one multi-row INSERT runs, arriving webhooks queue up and go together in
 * the next one. No timer, so a lone webhook is written at once; under load, one statement and
 * one commit serve many webhooks. Each statement is atomic (events rows + their outbox rows).
 */
export function createInsertBatcher(db: PrismaClient, maxBatch = 100): InsertBatcher {
  let queue: Waiter[] = []
  let running = false

  async function write(batch: Waiter[]): Promise<void> {
    // One row per key: a second copy of the same event in one batch is a duplicate.
    const firsts = new Map<string, Waiter>()
    for (const waiter of batch) {
      const key = `${waiter.row.provider}\u0000${waiter.row.eventId}`
      if (!firsts.has(key)) firsts.set(key, waiter)
    }
    const unique = [...firsts.values()]
    try {
      const stored = await db.$queryRawUnsafe<{ provider: string; event_id: string }[]>(
        batchSql(unique.length),
        ...unique.flatMap((w) => rowParams(w.row)),
      )
      const inserted = new Set(stored.map((r) => `${r.provider}\u0000${r.event_id}`))
      for (const waiter of batch) {
        const key = `${waiter.row.provider}\u0000${waiter.row.eventId}`
        waiter.resolve(firsts.get(key) === waiter && inserted.has(key))
      }
    } catch (err) {
      for (const waiter of batch) waiter.reject(err)
    }
  }

  async function drain(): Promise<void> {
    running = true
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch)
      queue = queue.slice(batch.length)
      await write(batch)
    }
    running = false
  }

  return {
    insert(row) {
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ row, resolve, reject })
        if (!running) void drain()
      })
    },
  }
}

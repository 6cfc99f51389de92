import type { Queryable } from '@leadflow/db'
import { batchSql, rowParams } from './insert-batch-sql.js'

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

interface Waiter {
  row: WebhookRow
  resolve: (inserted: boolean) => void
  reject: (err: unknown) => void
}

export interface InsertBatcher {
  /**
   * Resolves true when this row was stored, false when its (provider, event id) already was (its
   * duplicate count is raised). Either way the event is committed when the promise resolves.
   */
  insert(row: WebhookRow): Promise<boolean>
}

export interface InsertBatcherOptions {
  /** Rows per statement (default 100). */
  maxBatch?: number
  /** Statements in flight at once (default 3): Postgres commits concurrent ones together. */
  maxInFlight?: number
}

const keyOf = (row: WebhookRow) => `${row.provider}\u0000${row.eventId}`
const deadlocked = (err: unknown) => (err as { code?: unknown } | null)?.code === '40P01'

/**
 * Group commit: webhooks arriving while statements run queue up and go together in the next one.
 * No timer, so a lone webhook is written at once; under load one statement and one commit serve
 * many webhooks. Each statement is atomic (event rows + their outbox rows). Rows are written in
 * key order, so concurrent statements lock keys in the same order and cannot deadlock.
 */
export function createInsertBatcher(db: Queryable, options: InsertBatcherOptions = {}): InsertBatcher {
  const { maxBatch = 100, maxInFlight = 3 } = options
  let queue: Waiter[] = []
  let inFlight = 0

  async function execute(rows: { row: WebhookRow; copies: number }[]): Promise<Set<string>> {
    const sql = batchSql(rows.length)
    const params = rows.flatMap(({ row, copies }) => rowParams(row, copies))
    for (let attempt = 1; ; attempt++) {
      try {
        const { rows: stored } = await db.query<{ provider: string; event_id: string; inserted: boolean }>(
          sql,
          params,
          `ingest-batch-${rows.length}`,
        )
        return new Set(stored.filter((r) => r.inserted).map((r) => `${r.provider}\u0000${r.event_id}`))
      } catch (err) {
        if (!deadlocked(err) || attempt >= 3) throw err
      }
    }
  }

  async function write(batch: Waiter[]): Promise<void> {
    // One row per key: further copies of the same event in one batch are duplicates.
    const firsts = new Map<string, { waiter: Waiter; copies: number }>()
    for (const waiter of batch) {
      const key = keyOf(waiter.row)
      const first = firsts.get(key)
      if (first) first.copies += 1
      else firsts.set(key, { waiter, copies: 0 })
    }
    const rows = [...firsts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, { waiter, copies }]) => ({ row: waiter.row, copies }))
    try {
      const inserted = await execute(rows)
      for (const waiter of batch) {
        const key = keyOf(waiter.row)
        waiter.resolve(firsts.get(key)?.waiter === waiter && inserted.has(key))
      }
    } catch (err) {
      for (const waiter of batch) waiter.reject(err)
    }
  }

  function pump(): void {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch)
      queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch)
      inFlight += 1
      void write(batch).finally(() => {
        inFlight -= 1
        pump()
      })
    }
  }

  return {
    insert(row) {
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ row, resolve, reject })
        pump()
      })
    },
  }
}

import { setTimeout as sleep } from 'node:timers/promises'
import { Topics } from '@leadflow/contracts'
import type { Kafka } from '@leadflow/kafka'
import type { Ledger } from './ledger.js'

/** Runs a query in the campaign's database; rows of text columns. */
export type Sql = (query: string) => Promise<string[][]>

/** Rows webhook-ingest has not yet published, and calls lead-router's group has not yet handled. */
async function backlog(sql: Sql, kafka: Kafka, groupId: string): Promise<{ outbox: number; lag: number }> {
  const rows = await sql('SELECT count(*) FROM "webhook-ingest".outbox')
  const admin = kafka.admin()
  await admin.connect()
  try {
    const ends = await admin.fetchTopicOffsets(Topics.CallReceivedV1)
    const [committed] = await admin.fetchOffsets({ groupId, topics: [Topics.CallReceivedV1] })
    const at = new Map(committed?.partitions.map((p) => [p.partition, Number(p.offset)]))
    const lag = ends.reduce((sum, end) => sum + Number(end.high) - Math.max(0, at.get(end.partition) ?? 0), 0)
    return { outbox: Number(rows[0]?.[0] ?? -1), lag }
  } finally {
    await admin.disconnect()
  }
}

/** Waits until the outbox is empty and the group's lag is 0, twice in a row, or the deadline passes. */
export async function drain(sql: Sql, kafka: Kafka, groupId: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  let last = { outbox: -1, lag: -1 }
  let quiet = 0
  while (Date.now() < deadline) {
    last = await backlog(sql, kafka, groupId).catch(() => ({ outbox: -1, lag: -1 }))
    quiet = last.outbox === 0 && last.lag === 0 ? quiet + 1 : 0
    if (quiet >= 2) return { drained: true, ...last }
    await sleep(1_000)
  }
  return { drained: false, ...last }
}

export interface Verdict {
  acked: number
  unknown: number
  leads: number
  /** Acknowledged events without a lead. */
  lost: string[]
  /** Events (acknowledged or not) with more than one lead. */
  duplicated: string[]
  /** Leads for no event the campaign sent. */
  phantom: string[]
}

/**
 * Reads every lead lead-router made and holds it against the ledger. A lead belongs to an event
 * by its source event id, or by its caller's number (each event has a caller of its own), so a
 * second lead for an event is found even if it carried another id.
 */
export async function verdict(sql: Sql, ledger: Ledger): Promise<Verdict> {
  const rows = await sql('SELECT source_event_id, coalesce(phone_e164, \'\') FROM "lead-router".leads')
  const leads = rows.map(([sourceEventId = '', phone = '']) => ({ sourceEventId, phone }))
  const byPhone = new Map([...ledger.entries.values()].map((entry) => [entry.phone, entry.id]))
  const count = new Map<string, number>()
  const phantom: string[] = []
  for (const lead of leads) {
    const id = ledger.entries.has(lead.sourceEventId) ? lead.sourceEventId : byPhone.get(lead.phone)
    if (id === undefined) phantom.push(lead.sourceEventId)
    else count.set(id, (count.get(id) ?? 0) + 1)
  }
  const entries = [...ledger.entries.values()]
  return {
    acked: entries.filter((e) => e.acked).length,
    unknown: entries.filter((e) => !e.acked).length,
    leads: leads.length,
    lost: entries.filter((e) => e.acked && !count.has(e.id)).map((e) => e.id),
    duplicated: [...count].filter(([, n]) => n > 1).map(([id]) => id),
    phantom,
  }
}

// Webhook→lead latency (P2): signed Standard Webhooks `call.received`, each from a caller of its
// own (so each opens a lead), sent open-loop at BENCH_RATE (500/s) for BENCH_SECONDS (60) to the
// real webhook-ingest, with the real contacts and lead-router behind it, each service a process
// of its own started from its main.ts. Per event: from the webhook's scheduled send until its
// LeadCreated is read from Kafka. Baseline in the same invocation, same rate: a bare Fastify HMAC
// check producing to Kafka (acks=all) and a bare kafkajs consumer receiving it.
// Every topic is the run's own (`bench.<run>.<topic>`); the database is fresh and dropped after.
// Run from the repository root with the infrastructure up:
//   pnpm exec tsx bench/webhook-to-lead/webhook-to-lead.bench.ts
import { randomBytes, randomUUID } from 'node:crypto'
import {
  benchKafka,
  benchSourceSettings,
  createPrefixedTopics,
  removeTopicsAndGroups,
  signedCall,
  watchKeys,
  watchLeadsCreated,
} from '../../services/webhook-ingest/test/pipeline-bench-support.js'
import { createE2eDatabase } from '../../test-e2e/support/database.js'
import { writeBenchResult } from '../lib/bench-result.js'
import { openLoop, type OpenLoopResult } from '../lib/open-loop.js'
import { startHelper, startService, type BenchProcess } from '../lib/services.js'
import { loadAverage, percentile } from '../lib/stats.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 60)
const rate = Number(process.env.BENCH_RATE ?? 500)
const drainSeconds = Number(process.env.BENCH_DRAIN_SECONDS ?? 120)
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')
const run = randomBytes(4).toString('hex')
const prefix = `bench.${run}.`
const internalToken = `bench-internal-${randomUUID()}`
const say = (line: string): void => void process.stdout.write(`${line}\n`)

/** Sent events by their match key (caller phone or webhook id) → scheduled send time; latencies. */
function tracker() {
  const due = new Map<string, number>()
  const latencies: number[] = []
  return {
    due,
    latencies,
    seen(key: string) {
      const at = due.get(key)
      if (at === undefined) return
      due.delete(key)
      latencies.push(performance.now() - at)
    },
  }
}
type Tracker = ReturnType<typeof tracker>

/** Waits until every sent event was seen, or `timeoutS` passed. */
async function settle(t: Tracker, timeoutS: number): Promise<void> {
  const deadline = Date.now() + timeoutS * 1000
  while (t.due.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
}

let phoneNo = 10_000_000
/** Open-loop traffic to `url`; each event keyed for `t` by its caller phone or its webhook id. */
async function traffic(
  url: string,
  t: Tracker,
  by: 'phone' | 'id',
  options: { rate: number; seconds: number },
) {
  return openLoop(url, options, (_i, dueAt) => {
    const id = `msg_${randomUUID()}`
    const phone = `+4479${phoneNo++}`
    t.due.set(by === 'phone' ? phone : id, dueAt)
    return signedCall(id, phone)
  })
}

interface Figures {
  load: OpenLoopResult
  latencies: number[]
  missing: number
}

async function measure(url: string, by: 'phone' | 'id', watch: (t: Tracker) => Promise<() => Promise<void>>) {
  const t = tracker()
  const stop = await watch(t)
  try {
    // Warm-up: until the first events come through (consumer group joined, JIT, pools).
    await traffic(url, t, by, { rate: 50, seconds: 2 })
    await settle(t, 120)
    if (t.due.size > 0) throw new Error(`warm-up: ${t.due.size} events never came through`)
    t.latencies.length = 0
    const load = await traffic(url, t, by, { rate, seconds })
    await settle(t, drainSeconds)
    return { load, latencies: t.latencies.sort((a, b) => a - b), missing: t.due.size }
  } finally {
    await stop()
  }
}

const ms = (v: number) => `${v.toFixed(1)} ms`
function describe(label: string, f: Figures): string {
  const l = f.latencies
  return [
    `${label}: ${f.load.sent} sent in ${f.load.seconds.toFixed(1)} s = ${(f.load.sent / f.load.seconds).toFixed(0)}/s ` +
      `(${f.load.ok} answered 200, ${f.load.other} other, ${f.load.errors} errors; sender behind schedule at worst ${ms(f.load.maxLagMs)})`,
    `  latency p50 ${ms(percentile(l, 0.5))}  p95 ${ms(percentile(l, 0.95))}  p99 ${ms(percentile(l, 0.99))}  max ${ms(l.at(-1) ?? 0)};` +
      ` HTTP answer p99 ${ms(
        percentile(
          f.load.answerMs.sort((a, b) => a - b),
          0.99,
        ),
      )}; no result by the end: ${f.missing}`,
  ].join('\n')
}

const kafka = benchKafka(brokers)
const topics = await createPrefixedTopics(kafka, prefix, ['bare.webhook.received'])
const groups = ['webhook-ingest', 'lead-router', 'watch', 'bare'].map((g) => `bench-${run}-${g}`)
const db = await createE2eDatabase(
  process.env.DATABASE_URL ?? 'postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow',
)
const processes: BenchProcess[] = []
try {
  const loadBefore = loadAverage()
  say(`webhook→lead at ${rate}/s for ${seconds} s (run ${run}; load average ${loadBefore})`)
  const bare = await startHelper('bare pipeline', new URL('./bare-pipeline.ts', import.meta.url), {
    BENCH_TOPIC: `${prefix}bare.webhook.received`,
    BENCH_DATABASE_URL: db.url,
  })
  processes.push(bare)
  const base = await measure(bare.url, 'id', (t) =>
    watchKeys(kafka, `${prefix}bare.webhook.received`, `bench-${run}-bare`, (key) => t.seen(key)),
  )
  say(describe('baseline (Fastify HMAC → Kafka acks=all → bare consumer)', base))
  await bare.stop()

  const env = { DATABASE_URL: db.url, INTERNAL_API_TOKEN: internalToken }
  const contacts = await startService('contacts', { topicPrefix: prefix, env })
  processes.push(contacts)
  const router = await startService('lead-router', {
    topicPrefix: prefix,
    env: { ...env, CONTACTS_URL: contacts.url, GROUP_ID: `bench-${run}-lead-router` },
  })
  processes.push(router)
  const ingest = await startService('webhook-ingest', {
    topicPrefix: prefix,
    env: { ...env, GROUP_ID: `bench-${run}-webhook-ingest` },
  })
  processes.push(ingest)
  const put = await fetch(`${ingest.url}/internal/v1/providers/inbound/bench`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${internalToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(benchSourceSettings),
  })
  if (!put.ok) throw new Error(`provider settings: ${put.status} ${await put.text()}`)
  const real = await measure(ingest.url, 'phone', (t) =>
    watchLeadsCreated(kafka, `${prefix}leads.lead.created.v1`, `bench-${run}-watch`, (phone) =>
      t.seen(phone),
    ),
  )
  say(describe('Leadflow (webhook-ingest → lead-router + contacts → LeadCreated)', real))
  const p99 = { real: percentile(real.latencies, 0.99), base: percentile(base.latencies, 0.99) }
  const ratio = p99.real / p99.base
  const loadAfter = loadAverage()
  say(
    `ratio p99 Leadflow/baseline: ${ratio.toFixed(1)} (Leadflow p99 ${ms(p99.real)}; the issue sets no target)`,
  )
  say(`load average at the end: ${loadAfter}`)
  const achieved = (f: Figures) => (f.load.sent / f.load.seconds).toFixed(0)
  writeBenchResult({
    name: 'P2 webhook→lead',
    measured: `signed webhooks, each a new caller, open loop at ${rate}/s for ${seconds} s; from the scheduled send to the event read from Kafka`,
    leadflow: `LeadCreated p99 ${ms(p99.real)} (p50 ${ms(percentile(real.latencies, 0.5))}, max ${ms(real.latencies.at(-1) ?? 0)}) at ${achieved(real)}/s; ${real.missing} without a lead`,
    baseline: `bare Fastify → Kafka → consumer p99 ${ms(p99.base)} (p50 ${ms(percentile(base.latencies, 0.5))}) at ${achieved(base)}/s; ${base.missing} not received`,
    ratio,
    target: 'p99 reported (no target); every event must become a lead',
    met: real.missing === 0 && real.load.other === 0 && real.load.errors === 0 ? null : false,
    notes: [
      `Leadflow: ${real.load.ok} answered 200, ${real.load.other} other, ${real.load.errors} errors; HTTP answer p99 ${ms(percentile(real.load.answerMs, 0.99))}`,
    ],
  })
} finally {
  for (const p of processes.reverse()) await p.stop()
  await db.drop()
  // The services' consumers created their groups' dead-letter topics (`<group>.dlq`) themselves.
  await removeTopicsAndGroups(kafka, [...topics, ...groups.map((g) => `${g}.dlq`)], groups)
}

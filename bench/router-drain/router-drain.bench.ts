// Lead-router backlog drain: a backlog of CallReceived (BENCH_EVENTS, default 50 000, from
// BENCH_CALLERS distinct callers, default 5 000, so contacts repeat) on a fresh topic, drained by
// the real lead-router (batch consumption) with the real contacts service, each on its own
// migrated schema; timed from the router's start until every event has its lead. Baseline in the
// same invocation: one Postgres client inserting as many rows into a leads table of the same
// shape, one INSERT per statement (autocommit). Run from the repository root, infrastructure up:
//   pnpm exec tsx bench/router-drain/router-drain.bench.ts
import { randomUUID } from 'node:crypto'
import { loadavg } from 'node:os'
import { insertOneByOne, produceBacklog } from '../../services/lead-router/test/drain-bench-support.js'
import {
  newDatabase,
  startContacts,
  startRouter,
  testKafka,
  token,
} from '../../services/lead-router/test/harness.js'

const events = Number(process.env.BENCH_EVENTS ?? 50_000)
const callers = Number(process.env.BENCH_CALLERS ?? 5_000)
const members = Number(process.env.BENCH_MEMBERS ?? 5)

const say = (line: string): void => void process.stdout.write(`${line}\n`)

async function main(): Promise<void> {
  const kafka = testKafka()
  say(`baseline: ${events} single-row INSERTs (autocommit) from one client…`)
  const baseline = await insertOneByOne(await newDatabase(), events)
  say(`baseline: ${baseline.rows} rows in ${baseline.seconds.toFixed(2)} s`)

  const backlog = await produceBacklog(kafka, events, callers)
  const { topic, groupId } = backlog
  say(`backlog: ${events} CallReceived from ${callers} callers on ${topic}`)

  const contacts = await startContacts()
  const databaseUrl = await newDatabase()
  // The routing set-up goes in before the backlog is drained: a router on another topic.
  const setup = await startRouter({ databaseUrl, contactsUrl: contacts.url, groupId: `${groupId}-setup` })
  const api = (method: string, path: string, body: unknown) =>
    fetch(`${setup.url}/internal/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<{ id: string }>)
  const sales = await api('POST', '/departments', { name: 'Sales' })
  for (let i = 0; i < members; i++) await api('PUT', `/departments/${sales.id}/members/${randomUUID()}`, {})
  // No attach window: every call opens a lead of its own (the heaviest path: lead, touch, SLA
  // timer, assignment, LeadCreated and LeadAssigned).
  await api('POST', '/lead-sources', {
    slug: 'call',
    name: 'Calls',
    departmentId: sales.id,
    attachWindowMinutes: 0,
  })
  await setup.app.stop()

  const startedAt = performance.now()
  const router = await startRouter({
    databaseUrl,
    contactsUrl: contacts.url,
    groupId,
    callTopic: topic,
    overrides: { OUTBOX_POLL_MS: '1000', SLA_TICK_MS: '5000' },
  })
  let firstLeadAt = 0
  for (;;) {
    const leads = await router.db.lead.count({ where: { sourceEventId: { startsWith: 'bench:' } } })
    if (leads > 0 && firstLeadAt === 0) firstLeadAt = performance.now()
    if (leads >= events) break
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  const seconds = (performance.now() - startedAt) / 1_000
  const owners = await router.db.lead.groupBy({
    by: ['ownerId'],
    where: { sourceEventId: { startsWith: 'bench:' } },
    _count: { _all: true },
  })
  const duplicates =
    events - (await router.db.leadTouch.count({ where: { sourceEventId: { startsWith: 'bench:' } } }))
  await router.app.stop()
  await contacts.app.stop()
  await backlog.remove()

  const leadsPerSecond = events / seconds
  const fromFirst = events / ((performance.now() - firstLeadAt) / 1_000)
  say('')
  say(`lead-router drain: ${events} leads in ${seconds.toFixed(2)} s = ${leadsPerSecond.toFixed(0)} leads/s`)
  say(`  (from the first lead, group join excluded: ~${fromFirst.toFixed(0)} leads/s)`)
  say(
    `  owners: ${owners.map((o) => o._count._all).join(' / ')}; calls without exactly one touch: ${duplicates}`,
  )
  say(`baseline (one client, one INSERT per statement): ${baseline.perSecond.toFixed(0)} rows/s`)
  say(`ratio drain/baseline: ${(leadsPerSecond / baseline.perSecond).toFixed(2)}  (target >= 2)`)
  say(
    `load average: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )
}

await main()

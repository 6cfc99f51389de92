// Lead-router backlog drain: a backlog of CallReceived (BENCH_EVENTS, default 50 000, from
// BENCH_CALLERS distinct callers, default 5 000, so contacts repeat) on a fresh three-partition
// topic, drained by the real lead-router (batch consumption) with the real contacts service, each
// in a process of its own on its own migrated schema; timed from the router's start until every
// event has its lead. Baseline in the same invocation, in a process of its own: one Postgres client
// inserting as many rows into a leads table of the same shape, one INSERT per statement. Then
// the ceiling (BENCH_CEILING=0 leaves it out): the same backlog drained by the least a correct
// drain does (services/lead-router/test/drain-ceiling.ts), in a process and schema of its own.
// Run from the repository root, infrastructure up:
//   pnpm exec tsx bench/router-drain/router-drain.bench.ts
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { loadavg } from 'node:os'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { writeBenchResult } from '../lib/bench-result.js'
import { insertOneByOne, produceBacklog } from '../../services/lead-router/test/drain-bench-support.js'
import { startDrainCeiling } from '../../services/lead-router/test/drain-ceiling.js'
import {
  newDatabase,
  startContacts,
  startRouter,
  testKafka,
  token,
} from '../../services/lead-router/test/harness.js'

interface Pg {
  connect(): Promise<void>
  query<R>(text: string): Promise<{ rows: R[] }>
  end(): Promise<void>
}

/** One node-postgres client on the router's schema (pg as lead-router's own dependencies have it). */
async function pgOn(databaseUrl: string): Promise<Pg> {
  const fromRouter = createRequire(new URL('../../services/lead-router/package.json', import.meta.url))
  const pg = createRequire(fromRouter.resolve('@leadflow/db'))('pg') as {
    Client: new (options: { connectionString: string }) => Pg
  }
  const url = new URL(databaseUrl)
  const schema = url.searchParams.get('schema') ?? 'public'
  url.searchParams.delete('schema')
  const client = new pg.Client({ connectionString: url.toString() })
  await client.connect()
  await client.query(`SET search_path TO "${schema.replaceAll('"', '""')}"`)
  return client
}

const events = Number(process.env.BENCH_EVENTS ?? 50_000)
const callers = Number(process.env.BENCH_CALLERS ?? 5_000)
const members = Number(process.env.BENCH_MEMBERS ?? 5)
const withCeiling = process.env.BENCH_CEILING !== '0'
/** A drain that has not finished by then is stuck (at least 1 000 leads a minute on any machine here). */
const drainDeadlineMs = Math.max(10, events / 1_000) * 60_000

const say = (line: string): void => void process.stdout.write(`${line}\n`)
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')

/** Child processes not yet stopped: a run that fails half-way still stops them all. */
const children = new Set<ChildProcess>()

/** This script again, in a child process playing `role`; resolves with its first stdout line (JSON). */
async function child(
  role: string,
  args: Record<string, string>,
): Promise<{ proc: ChildProcess; ready: unknown }> {
  const proc = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), role], {
    env: { ...process.env, ...args },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.add(proc)
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream })
  // Its service's log lines go to stderr; the line starting with `ready ` says it is up.
  const ready = await new Promise<unknown>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`${role} exited with ${code} before it was ready`)))
    lines.on('line', (line) => {
      if (line.startsWith('ready ')) resolve(JSON.parse(line.slice('ready '.length)) as unknown)
      else process.stderr.write(`${line}\n`)
    })
  })
  proc.removeAllListeners('exit')
  proc.once('exit', () => children.delete(proc))
  return { proc, ready }
}

/** Whether a child has ended, by itself or by a signal. */
const hasEnded = (proc: ChildProcess): boolean => proc.exitCode !== null || proc.signalCode !== null

/** Asks a child to stop (SIGTERM) and waits for it to exit. */
async function stop(proc: ChildProcess): Promise<void> {
  if (hasEnded(proc)) return
  const exit = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
  proc.kill('SIGTERM')
  await exit
}

/** A child process: runs one service until SIGTERM, after printing one JSON line. */
async function serve(start: () => Promise<{ ready: unknown; stop(): Promise<unknown> }>): Promise<void> {
  const running = await start()
  say(`ready ${JSON.stringify(running.ready)}`)
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()))
  await running.stop()
}

/**
 * Waits until the schema at `databaseUrl` holds a lead for every backlog event; the drain's time
 * from `startedAt`, and its rate from the first lead on.
 */
async function timeDrain(
  databaseUrl: string,
  { proc, startedAt }: { proc: ChildProcess; startedAt: number },
): Promise<{ seconds: number; perSecond: number; fromFirst: number; load: string }> {
  const db = await pgOn(databaseUrl)
  const deadline = Date.now() + drainDeadlineMs
  try {
    let firstLeadAt = 0
    for (;;) {
      if (hasEnded(proc)) throw new Error(`the draining process exited (${proc.exitCode ?? proc.signalCode})`)
      if (Date.now() > deadline)
        throw new Error(`no lead for every event within ${drainDeadlineMs / 60_000} min`)
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM leads WHERE source_event_id LIKE 'bench:%'`,
      )
      const leads = Number(rows[0]?.n ?? 0)
      if (leads > 0 && firstLeadAt === 0) firstLeadAt = Date.now()
      if (leads >= events) break
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    const finishedAt = Date.now()
    const seconds = (finishedAt - startedAt) / 1_000
    const fromFirst = events / ((finishedAt - firstLeadAt) / 1_000)
    return { seconds, perSecond: events / seconds, fromFirst, load: load() }
  } finally {
    await db.end()
  }
}

async function main(): Promise<void> {
  const kafka = testKafka()
  say(`baseline: ${events} single-row INSERTs (autocommit) from one client, in its own process…`)
  const baselineUrl = await newDatabase()
  const baselineRun = await child('baseline', { BENCH_DATABASE_URL: baselineUrl })
  const baseline = baselineRun.ready as { rows: number; seconds: number; perSecond: number }
  await stop(baselineRun.proc)
  say(`baseline: ${baseline.rows} rows in ${baseline.seconds.toFixed(2)} s (load average ${load()})`)

  const backlog = await produceBacklog(kafka, events, callers)
  const { topic, groupId, setupGroupId } = backlog
  say(`backlog: ${events} CallReceived from ${callers} callers on ${topic}`)

  const contacts = await child('contacts', {})
  const contactsUrl = (contacts.ready as { url: string }).url
  const databaseUrl = await newDatabase()
  // The routing set-up goes in before the backlog is drained: a router on another topic.
  const setup = await startRouter({ databaseUrl, contactsUrl, groupId: setupGroupId })
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
  await setup.db.$disconnect()

  const db = await pgOn(databaseUrl)
  const count = async (sql: string): Promise<number> =>
    Number((await db.query<{ n: string }>(sql)).rows[0]?.n ?? 0)
  const router = await child('router', {
    BENCH_DATABASE_URL: databaseUrl,
    BENCH_CONTACTS_URL: contactsUrl,
    BENCH_GROUP_ID: groupId,
    BENCH_TOPIC: topic,
  })
  // From the moment the router process began starting the service (its code already loaded).
  const drain = await timeDrain(databaseUrl, {
    proc: router.proc,
    startedAt: (router.ready as { startedAt: number }).startedAt,
  })
  await stop(router.proc)
  await stop(contacts.proc)
  const { seconds, fromFirst } = drain

  // The same backlog again, read from its start by the ceiling's own group into a schema of its own.
  const ceilingUrl = withCeiling ? await newDatabase() : undefined
  let ceiling: Awaited<ReturnType<typeof timeDrain>> | undefined
  if (ceilingUrl) {
    const run = await child('ceiling', {
      BENCH_DATABASE_URL: ceilingUrl,
      BENCH_GROUP_ID: `${groupId}-ceiling`,
      BENCH_TOPIC: topic,
    })
    ceiling = await timeDrain(ceilingUrl, {
      proc: run.proc,
      startedAt: (run.ready as { startedAt: number }).startedAt,
    })
    await stop(run.proc)
  }
  const owners = (
    await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM leads WHERE source_event_id LIKE 'bench:%' GROUP BY owner_id ORDER BY 1`,
    )
  ).rows.map((row) => row.n)
  const duplicates =
    events - (await count(`SELECT count(*) AS n FROM lead_touches WHERE source_event_id LIKE 'bench:%'`))
  await backlog.remove()

  const leadsPerSecond = drain.perSecond
  say('')
  say(`lead-router drain: ${events} leads in ${seconds.toFixed(2)} s = ${leadsPerSecond.toFixed(0)} leads/s`)
  say(`  (from the first lead, group join excluded: ~${fromFirst.toFixed(0)} leads/s)`)
  say(`  owners: ${owners.join(' / ')}; calls without exactly one touch: ${duplicates}`)
  say(`baseline (one client, one INSERT per statement): ${baseline.perSecond.toFixed(0)} rows/s`)
  say(`ratio drain/baseline: ${(leadsPerSecond / baseline.perSecond).toFixed(2)}  (target >= 2)`)
  say(`load average at the end of the drain: ${drain.load}`)
  if (ceiling) {
    say(
      `ceiling (the least a correct drain writes, two statements a batch): ${events} leads in ${ceiling.seconds.toFixed(2)} s = ${ceiling.perSecond.toFixed(0)} leads/s (from the first lead ~${ceiling.fromFirst.toFixed(0)})`,
    )
    say(
      `ratio ceiling/baseline: ${(ceiling.perSecond / baseline.perSecond).toFixed(2)}; load average at its end: ${ceiling.load}`,
    )
  }
  const ratio = leadsPerSecond / baseline.perSecond
  writeBenchResult({
    name: 'P3 router drain',
    measured: `a backlog of ${events} CallReceived from ${callers} callers drained into leads by lead-router + contacts`,
    leadflow: `lead-router drain: ${leadsPerSecond.toFixed(0)} leads/s (${seconds.toFixed(1)} s, group join included)`,
    baseline: `one pg client, one INSERT per statement (autocommit): ${baseline.perSecond.toFixed(0)} rows/s`,
    ratio,
    target: '>= 2x',
    met: ratio >= 2,
    notes: [
      `from the first lead: ~${fromFirst.toFixed(0)} leads/s; calls without exactly one touch: ${duplicates}`,
      `leads per owner: ${owners.join(' / ')}`,
      ...(ceiling
        ? [
            `ceiling (the least a correct drain writes: contacts by number and every lead row in two statements a batch, no contacts service, no assignment, no relay): ${ceiling.perSecond.toFixed(0)} leads/s = ${(ceiling.perSecond / baseline.perSecond).toFixed(2)}x the baseline`,
          ]
        : []),
    ],
  })
  // The schemas this run created: the router's, the baseline's, the ceiling's and the one holding
  // the router's contacts.
  const someContact = (
    await db.query<{ id: string }>(
      `SELECT contact_id::text AS id FROM leads WHERE contact_id IS NOT NULL LIMIT 1`,
    )
  ).rows[0]?.id
  const schemas = [
    new URL(databaseUrl).searchParams.get('schema'),
    new URL(baselineUrl).searchParams.get('schema'),
    ceilingUrl ? new URL(ceilingUrl).searchParams.get('schema') : null,
  ]
  for (const { nspname } of (
    await db.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'contacts\\_test\\_%'`,
    )
  ).rows) {
    const holds = await db
      .query<{ id: string }>(`SELECT id::text FROM "${nspname}".contacts WHERE id = '${someContact ?? ''}'`)
      .then((r) => r.rows.length > 0)
      .catch(() => false)
    if (holds) schemas.push(nspname)
  }
  for (const schema of schemas) if (schema) await db.query(`DROP SCHEMA "${schema}" CASCADE`)
  await db.end()
}

const env = (name: string): string => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set`)
  return value
}

switch (process.argv[2]) {
  case 'baseline':
    await serve(async () => ({
      ready: await insertOneByOne(env('BENCH_DATABASE_URL'), events),
      stop: () => Promise.resolve(),
    }))
    break
  case 'contacts':
    await serve(async () => {
      const contacts = await startContacts()
      return { ready: { url: contacts.url }, stop: () => contacts.app.stop() }
    })
    break
  case 'router':
    await serve(async () => {
      const startedAt = Date.now()
      const router = await startRouter({
        databaseUrl: env('BENCH_DATABASE_URL'),
        contactsUrl: env('BENCH_CONTACTS_URL'),
        groupId: env('BENCH_GROUP_ID'),
        callTopic: env('BENCH_TOPIC'),
        overrides: { OUTBOX_POLL_MS: '1000', SLA_TICK_MS: '5000' },
      })
      return {
        ready: { url: router.url, startedAt },
        stop: async () => {
          await router.app.stop()
          await router.db.$disconnect()
        },
      }
    })
    break
  case 'ceiling':
    await serve(async () => {
      const startedAt = Date.now()
      const ceiling = await startDrainCeiling({
        kafka: testKafka(),
        databaseUrl: env('BENCH_DATABASE_URL'),
        topic: env('BENCH_TOPIC'),
        groupId: env('BENCH_GROUP_ID'),
        owners: Array.from({ length: members }, () => randomUUID()),
      })
      return { ready: { startedAt }, stop: () => ceiling.stop() }
    })
    break
  default:
    try {
      await main()
    } finally {
      await Promise.all([...children].map(stop))
    }
}

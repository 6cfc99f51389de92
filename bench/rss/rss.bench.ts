// Memory per service: the six services started as `./leadflow start` starts them (each
// `node --import tsx src/main.ts`, on a fresh database and topics of the run's own), their
// resident set size (VmRSS) idle after start and after a short load, next to a baseline process:
// a bare Fastify server with kafkajs and a pg client loaded and connected (bare-pipeline.ts).
// Load: signed webhooks open-loop at BENCH_RATE (200/s) for BENCH_SECONDS (30) to webhook-ingest
// (and the same to the baseline), with the gateway's lead list read by 2 connections meanwhile.
// Run from the repository root with the infrastructure up:
//   pnpm exec tsx bench/rss/rss.bench.ts
import { randomBytes, randomUUID } from 'node:crypto'
import {
  benchKafka,
  benchSourceSettings,
  createPrefixedTopics,
  removeTopicsAndGroups,
  signedCall,
} from '../../services/webhook-ingest/test/pipeline-bench-support.js'
import { createE2eDatabase } from '../../test-e2e/support/database.js'
import { servicePorts, serviceNames, serviceUrls, type ServiceName } from '../../tools/test/stack.js'
import { writeBenchResult } from '../lib/bench-result.js'
import { loadGet } from '../lib/http-load.js'
import { openLoop } from '../lib/open-loop.js'
import { rssMiB, startHelper, startService, type BenchProcess } from '../lib/services.js'
import { loadAverage } from '../lib/stats.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 30)
const rate = Number(process.env.BENCH_RATE ?? 200)
const settleMs = 5_000
const run = randomBytes(4).toString('hex')
const prefix = `bench.${run}.`
const internalToken = `bench-internal-${randomUUID()}`
const admin = { email: `bench-${run}@leadflow.test`, password: `Bench-admin-${run}-42` }
const say = (line: string): void => void process.stdout.write(`${line}\n`)
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let phoneNo = 20_000_000
const webhooks = (url: string) =>
  openLoop(url, { rate, seconds }, () => signedCall(`msg_${randomUUID()}`, `+4479${phoneNo++}`))

const kafka = benchKafka((process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','))
const topics = await createPrefixedTopics(kafka, prefix, ['bare.webhook.received'])
const groups = ['webhook-ingest', 'lead-router', 'mailer'].map((g) => `bench-${run}-${g}`)
const db = await createE2eDatabase(
  process.env.DATABASE_URL ?? 'postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow',
)
const processes: BenchProcess[] = []
try {
  say(`RSS per service (run ${run}; load average ${loadAverage()})`)
  const ports = await servicePorts()
  const shared = { ...serviceUrls(ports), DATABASE_URL: db.url, INTERNAL_API_TOKEN: internalToken }
  const own: Record<ServiceName, Record<string, string>> = {
    gateway: {
      BOOTSTRAP_ADMIN_EMAIL: admin.email,
      BOOTSTRAP_ADMIN_PASSWORD: admin.password,
      PASSWORD_SCRYPT_COST: '12',
      RATE_LIMIT_AUTHENTICATED: '1000000',
    },
    'webhook-ingest': { GROUP_ID: `bench-${run}-webhook-ingest` },
    contacts: {},
    'lead-router': { GROUP_ID: `bench-${run}-lead-router` },
    mailer: { GROUP_ID: `bench-${run}-mailer` },
    'imap-poller': {},
  }
  const services = {} as Record<ServiceName, BenchProcess>
  for (const name of serviceNames) {
    services[name] = await startService(name, {
      topicPrefix: prefix,
      port: ports[name],
      env: { ...shared, ...own[name] },
    })
    processes.push(services[name])
  }
  const bare = await startHelper(
    'baseline',
    new URL('../webhook-to-lead/bare-pipeline.ts', import.meta.url),
    {
      BENCH_TOPIC: `${prefix}bare.webhook.received`,
      BENCH_DATABASE_URL: db.url,
    },
  )
  processes.push(bare)
  await pause(settleMs)
  const all = [...serviceNames.map((name) => services[name]), bare]
  const idle = all.map((p) => rssMiB(p.pid))

  const ingest = services['webhook-ingest']
  const put = await fetch(`${ingest.url}/internal/v1/providers/inbound/bench`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${internalToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(benchSourceSettings),
  })
  if (!put.ok) throw new Error(`provider settings: ${put.status} ${await put.text()}`)
  const login = await fetch(`${services.gateway.url}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  })
  const { accessToken } = (await login.json()) as { accessToken: string }
  const [real, list] = await Promise.all([
    webhooks(ingest.url),
    loadGet(`${services.gateway.url}/api/v1/leads?limit=50`, {
      seconds,
      connections: 2,
      headers: { authorization: `Bearer ${accessToken}` },
    }),
  ])
  const base = await webhooks(bare.url)
  await pause(settleMs)
  const loaded = all.map((p) => rssMiB(p.pid))

  const mib = (v: number) => v.toFixed(0)
  const baseIdle = idle.at(-1) ?? 1
  const baseLoaded = loaded.at(-1) ?? 1
  const table = [
    ['process', 'RSS idle (MiB)', 'RSS after load (MiB)', 'idle / baseline', 'after load / baseline'],
    ...all.map((p, i) => [
      p === bare ? 'baseline (Fastify + kafkajs + pg)' : p.name,
      mib(idle[i] ?? 0),
      mib(loaded[i] ?? 0),
      ((idle[i] ?? 0) / baseIdle).toFixed(2),
      ((loaded[i] ?? 0) / baseLoaded).toFixed(2),
    ]),
  ]
  for (const row of table) say(row.map((cell, i) => (i === 0 ? cell.padEnd(34) : cell.padStart(22))).join(''))
  const load = `webhooks ${(real.sent / real.seconds).toFixed(0)}/s for ${seconds} s (${real.ok} answered 200, ${real.other + real.errors} not); gateway list ${list.perSecond.toFixed(0)} req/s (${list.ok} ok, ${list.other} other); baseline ${base.ok} webhooks answered 200`
  say(`load: ${load}`)
  say(`load average at the end: ${loadAverage()}`)
  const largest = Math.max(...loaded.slice(0, -1))
  writeBenchResult({
    name: 'RSS per service',
    measured: `VmRSS of each service process ${settleMs / 1000} s after start and ${settleMs / 1000} s after the load (${load})`,
    leadflow: `largest service after load: ${mib(largest)} MiB; six services together: ${mib(loaded.slice(0, -1).reduce((a, b) => a + b, 0))} MiB`,
    baseline: `bare Fastify + kafkajs + pg process: ${mib(baseIdle)} MiB idle, ${mib(baseLoaded)} MiB after load`,
    ratio: largest / baseLoaded,
    target: '',
    met: null,
    notes: [],
    table,
  })
} finally {
  for (const p of processes.reverse()) await p.stop()
  await db.drop()
  await removeTopicsAndGroups(kafka, [...topics, ...groups.map((g) => `${g}.dlq`)], groups)
}

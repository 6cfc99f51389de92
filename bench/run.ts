// Runs every benchmark in sequence — P1 ingest, P2 webhook→lead, P3 router drain, P4 gateway
// list, RSS per service — each in a process of its own (each stays runnable alone), collects their
// JSON results and writes bench/REPORT.md with the machine, versions and figures.
//   pnpm bench            (or ./leadflow bench) — brings the infrastructure up when it is down
// BENCH_QUICK=1: short runs (the report then goes to .leadflow/bench/REPORT-quick.md);
// BENCH_ONLY=P2,RSS: a subset; BENCH_REPORT=<path>: where the report goes.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BenchResult } from './lib/bench-result.js'
import { loadAverage } from './lib/stats.js'
import { report, type BenchRun } from './report.js'

const root = fileURLToPath(new URL('../', import.meta.url))
const quick = process.env.BENCH_QUICK === '1'
const only = process.env.BENCH_ONLY?.split(',').map((id) => id.trim().toUpperCase())
const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow'
const redisPort = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379').port || '6379'
const reportPath =
  process.env.BENCH_REPORT ?? join(root, quick ? '.leadflow/bench/REPORT-quick.md' : 'bench/REPORT.md')

const benches: { id: string; script: string; quick: Record<string, string> }[] = [
  {
    id: 'P1',
    script: 'bench/ingest/ingest.bench.ts',
    quick: { BENCH_SECONDS: '4', BENCH_WARMUP_SECONDS: '2' },
  },
  { id: 'P2', script: 'bench/webhook-to-lead/webhook-to-lead.bench.ts', quick: { BENCH_SECONDS: '10' } },
  {
    id: 'P3',
    script: 'bench/router-drain/router-drain.bench.ts',
    quick: { BENCH_EVENTS: '5000', BENCH_CALLERS: '500' },
  },
  {
    id: 'P4',
    script: 'bench/gateway-list/gateway-list.bench.ts',
    quick: { BENCH_SECONDS: '3', BENCH_LEADS: '10000' },
  },
  { id: 'RSS', script: 'bench/rss/rss.bench.ts', quick: { BENCH_SECONDS: '10' } },
]

const reachable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

async function infraUp(): Promise<void> {
  const ports = [9092, Number(new URL(databaseUrl).port || 5432), Number(redisPort)]
  const up = await Promise.all(ports.map(reachable))
  if (up.every(Boolean)) return
  const started = spawnSync(join(root, 'leadflow'), ['infra', 'up'], { stdio: 'inherit' })
  if (started.status !== 0) throw new Error('the infrastructure did not come up (./leadflow infra up)')
}

await infraUp()
const scratch = mkdtempSync(join(tmpdir(), 'leadflow-bench-'))
const startedAt = new Date()
const loadBefore = loadAverage()
const runs: BenchRun[] = []
for (const bench of benches.filter((b) => !only || only.includes(b.id))) {
  const json = join(scratch, `${bench.id}.json`)
  const env: Record<string, string | undefined> = { ...process.env, BENCH_JSON: json }
  if (quick) for (const [name, value] of Object.entries(bench.quick)) env[name] ??= value
  process.stdout.write(`\n=== ${bench.id}: ${bench.script}\n`)
  const run: BenchRun = {
    id: bench.id,
    script: bench.script,
    loadBefore: loadAverage(),
    loadAfter: '',
    seconds: 0,
  }
  const t0 = performance.now()
  const child = spawnSync(process.execPath, ['--import', 'tsx', bench.script], {
    cwd: root,
    env,
    stdio: 'inherit',
  })
  run.seconds = (performance.now() - t0) / 1000
  run.loadAfter = loadAverage()
  try {
    run.result = JSON.parse(readFileSync(json, 'utf8')) as BenchResult
  } catch {
    run.error = `exited with ${child.status ?? child.signal} without a result`
  }
  runs.push(run)
}
rmSync(scratch, { recursive: true, force: true })
mkdirSync(dirname(reportPath), { recursive: true })
writeFileSync(
  reportPath,
  report({ runs, quick, startedAt, loadBefore, loadAfter: loadAverage(), databaseUrl, redisPort }) + '\n',
)
process.stdout.write(`\nreport written to ${reportPath}\n`)
process.exitCode = runs.some((run) => !run.result) ? 1 : 0

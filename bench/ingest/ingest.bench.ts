// Ingest benchmark: signed Zadarma and Standard Webhooks traffic (about 10 % duplicates) against
// the real webhook-ingest (Postgres + outbox + Kafka + Redis), next to a bare Fastify HMAC-echo
// baseline in the same invocation. Each server runs in a process of its own, as in production;
// this process only generates the load. Run from the repository root with the infrastructure up:
//   pnpm exec tsx bench/ingest/ingest.bench.ts
// BENCH_SECONDS=10 (per server) BENCH_ROUNDS=2 BENCH_CONNECTIONS=32 BENCH_WARMUP_SECONDS=5;
// BENCH_PROFILE=<dir> writes a CPU profile of the webhook-ingest process there. Two more servers,
// the ceilings (bench-ceiling.ts: HMAC, Redis SET NX, a grouped acks=all Kafka send, nothing else;
// and the same with each event id recorded in Postgres first), show how far any durable design
// could get on this machine; BENCH_CEILING=0 leaves them out.
import { fork, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import {
  signedInbound,
  signedZadarma,
  type BenchRequest,
} from '../../services/webhook-ingest/test/bench-servers.js'
import type { ServerCommand, ServerMessage } from './bench-server.js'
import { writeBenchResult } from '../lib/bench-result.js'
import { load, summarize, type LoadResult, type Samples } from '../lib/http-load.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 5)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32)
const rounds = Number(process.env.BENCH_ROUNDS ?? 2)
const profileDir = process.env.BENCH_PROFILE
const withCeiling = process.env.BENCH_CEILING !== '0'

interface Server {
  url: string
  ask(command: ServerCommand): Promise<ServerMessage>
}

/** Starts bench-server.ts as a child process and waits until it listens. */
async function startServer(role: 'ingest' | 'baseline' | 'ceiling' | 'ceiling-pg'): Promise<Server> {
  const script = fileURLToPath(new URL('./bench-server.ts', import.meta.url))
  const execArgv = ['--import', 'tsx']
  if (profileDir && role === 'ingest') execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`)
  const child: ChildProcess = fork(script, [role], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const next = () =>
    new Promise<ServerMessage>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${role} server exited with ${code}`))
      child.once('exit', onExit)
      child.once('message', (message: ServerMessage) => {
        child.off('exit', onExit)
        resolve(message)
      })
    })
  const first = await next()
  if (!('url' in first)) throw new Error(`${role} server did not start`)
  return {
    url: first.url,
    ask(command) {
      const answer = next()
      child.send(command)
      return answer
    },
  }
}

function webhookTraffic(
  make: (id: string, n: number) => BenchRequest = (id, n) =>
    n % 2 === 0 ? signedZadarma(id) : signedInbound(id),
): () => BenchRequest {
  const sent: BenchRequest[] = []
  let n = 0
  return () => {
    n++
    if (n % 10 === 0 && sent.length > 0) return sent[Math.floor(Math.random() * sent.length)] as BenchRequest
    const id = `bench_${randomUUID()}`
    const req = make(id, n)
    if (sent.length < 1000) sent.push(req)
    return req
  }
}

const fmt = (r: LoadResult) =>
  `${r.perSecond.toFixed(0).padStart(6)} ok/s  p50 ${r.p50.toFixed(1).padStart(5)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  (${r.ok} ok, ${r.other} other)`

const baseline = await startServer('baseline')
const ingest = await startServer('ingest')
const ceilingKinds = [
  { role: 'ceiling', name: 'ceiling (HMAC + Redis SET NX + grouped Kafka send)' },
  { role: 'ceiling-pg', name: 'ceiling + event id recorded in Postgres first' },
] as const
const ceilings = withCeiling
  ? await Promise.all(
      ceilingKinds.map(async (kind) => ({
        ...kind,
        server: await startServer(kind.role),
        runs: [] as Samples[],
        cpuMs: 0,
      })),
    )
  : []
try {
  const echo = () => signedInbound(`bench_${randomUUID()}`, '/echo')
  const webhooks = webhookTraffic()
  const ceilingTraffic = webhookTraffic((id) => signedInbound(id, '/ceiling'))
  // Warm both servers up (JIT, connection pools), then measure in alternating rounds, so that
  // whatever else the machine is doing weighs on both about equally.
  await load(baseline.url, echo, { seconds: warmupSeconds, connections })
  await load(ingest.url, webhooks, { seconds: warmupSeconds, connections })
  for (const c of ceilings) await load(c.server.url, ceilingTraffic, { seconds: warmupSeconds, connections })
  await ingest.ask('drain')
  const baseRuns: Samples[] = []
  const ingestRuns: Samples[] = []
  const round = { seconds: seconds / rounds, connections }
  const cpu = { baseline: 0, ingest: 0 }
  const loopP99 = { baseline: 0, ingest: 0 }
  const usage = async (server: Server) => {
    const answer = await server.ask('cpu')
    return 'cpuMs' in answer ? answer : { cpuMs: NaN, loopDelayP99Ms: NaN }
  }
  const cpuOf = async (server: Server) => (await usage(server)).cpuMs
  await cpuOf(baseline)
  await cpuOf(ingest)
  for (let r = 0; r < rounds; r++) {
    baseRuns.push(await load(baseline.url, echo, round))
    const baseUsage = await usage(baseline)
    cpu.baseline += baseUsage.cpuMs
    loopP99.baseline = Math.max(loopP99.baseline, baseUsage.loopDelayP99Ms)
    await cpuOf(ingest) // not the idle time in between
    ingestRuns.push(await load(ingest.url, webhooks, round))
    const ingestUsage = await usage(ingest)
    cpu.ingest += ingestUsage.cpuMs
    loopP99.ingest = Math.max(loopP99.ingest, ingestUsage.loopDelayP99Ms)
    await cpuOf(baseline)
    for (const c of ceilings) {
      await cpuOf(c.server)
      c.runs.push(await load(c.server.url, ceilingTraffic, round))
      c.cpuMs += await cpuOf(c.server)
    }
    if (ceilings.length > 0) await cpuOf(ingest)
  }
  const drained = await ingest.ask('drain')
  const drain = 'drainMs' in drained ? drained : { drainMs: NaN, depth: NaN }
  const base = summarize(baseRuns)
  const real = summarize(ingestRuns)
  const ceilingLines = ceilings.map((c) => {
    const top = summarize(c.runs)
    return (
      `${c.name}: ${fmt(top)}; ${(top.perSecond / base.perSecond).toFixed(2)}x the baseline, ` +
      `CPU ${(c.cpuMs / (top.ok + top.other)).toFixed(2)} ms per request`
    )
  })
  const load1 = loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')
  process.stdout.write(
    [
      `connections ${connections}, ${seconds}s per server in ${rounds} alternating rounds, load average ${load1}`,
      `baseline (Fastify HMAC echo): ${fmt(base)}`,
      `webhook-ingest (durable):     ${fmt(real)}`,
      `ratio ingest/baseline: ${(real.perSecond / base.perSecond).toFixed(2)}  (target >= 0.5, p99 <= 50 ms)`,
      `server CPU per answered request: baseline ${(cpu.baseline / (base.ok + base.other)).toFixed(2)} ms, ` +
        `webhook-ingest ${(cpu.ingest / (real.ok + real.other)).toFixed(2)} ms (outbox relay included)`,
      `server event-loop delay p99 (worst round): baseline ${loopP99.baseline.toFixed(1)} ms, ` +
        `webhook-ingest ${loopP99.ingest.toFixed(1)} ms`,
      `outbox drained ${(drain.drainMs / 1000).toFixed(1)} s after the run; depth now ${drain.depth}`,
      ...ceilingLines,
      '',
    ].join('\n'),
  )
  const ratio = real.perSecond / base.perSecond
  writeBenchResult({
    name: 'P1 ingest',
    measured: `signed webhooks (Zadarma + Standard Webhooks, ~10 % repeats), ${connections} connections, closed loop, ${seconds} s per server`,
    leadflow: `webhook-ingest (durable): ${real.perSecond.toFixed(0)} ok/s, p99 ${real.p99.toFixed(1)} ms`,
    baseline: `bare Fastify HMAC echo: ${base.perSecond.toFixed(0)} ok/s, p99 ${base.p99.toFixed(1)} ms`,
    ratio,
    target: '>= 0.5x with p99 <= 50 ms',
    met: ratio >= 0.5 && real.p99 <= 50,
    notes: [
      `server CPU per answered request: baseline ${(cpu.baseline / (base.ok + base.other)).toFixed(2)} ms, webhook-ingest ${(cpu.ingest / (real.ok + real.other)).toFixed(2)} ms`,
      `outbox depth after the run: ${drain.depth}; non-200 answers: baseline ${base.other}, ingest ${real.other}`,
      ...ceilingLines,
    ],
  })
} finally {
  await ingest.ask('stop')
  await baseline.ask('stop')
  for (const c of ceilings) await c.server.ask('stop')
}

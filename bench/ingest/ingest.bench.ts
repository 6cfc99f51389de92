// Ingest benchmark: signed Zadarma and Standard Webhooks traffic (about 10 % duplicates) against
// the real webhook-ingest (Postgres + outbox + Kafka + Redis), next to a bare Fastify HMAC-echo
// baseline in the same invocation. Each server runs in a process of its own, as in production;
// this process only generates the load. Run from the repository root with the infrastructure up:
//   pnpm exec tsx bench/ingest/ingest.bench.ts
// BENCH_SECONDS=10 BENCH_CONNECTIONS=32, BENCH_PROFILE=<dir> writes a CPU profile of webhook-ingest.
import { fork, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { Agent, request } from 'node:http'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import {
  signedInbound,
  signedZadarma,
  type BenchRequest,
} from '../../services/webhook-ingest/test/bench-servers.js'
import type { ServerCommand, ServerMessage } from './bench-server.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 5)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32)
const profileDir = process.env.BENCH_PROFILE

interface Result {
  ok: number
  other: number
  perSecond: number
  p50: number
  p99: number
}

function send(agent: Agent, base: URL, req: BenchRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const out = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        path: req.path,
        method: 'POST',
        headers: { ...req.headers, 'content-length': Buffer.byteLength(req.body) },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    out.on('error', reject)
    out.end(req.body)
  })
}

interface Server {
  url: string
  ask(command: ServerCommand): Promise<ServerMessage>
}

/** Starts bench-server.ts as a child process and waits until it listens. */
async function startServer(role: 'ingest' | 'baseline'): Promise<Server> {
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

async function load(url: string, next: () => BenchRequest, runSeconds = seconds): Promise<Result> {
  const base = new URL(url)
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  const latencies: number[] = []
  let ok = 0
  let other = 0
  const started = performance.now()
  const deadline = started + runSeconds * 1000
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now()
        const status = await send(agent, base, next())
        latencies.push(performance.now() - t0)
        if (status === 200) ok++
        else other++
      }
    }),
  )
  const elapsed = (performance.now() - started) / 1000
  agent.destroy()
  latencies.sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0
  return { ok, other, perSecond: ok / elapsed, p50: at(0.5), p99: at(0.99) }
}

function webhookTraffic(): () => BenchRequest {
  const sent: BenchRequest[] = []
  let n = 0
  return () => {
    n++
    if (n % 10 === 0 && sent.length > 0) return sent[Math.floor(Math.random() * sent.length)] as BenchRequest
    const id = `bench_${randomUUID()}`
    const req = n % 2 === 0 ? signedZadarma(id) : signedInbound(id)
    if (sent.length < 1000) sent.push(req)
    return req
  }
}

const fmt = (r: Result) =>
  `${r.perSecond.toFixed(0).padStart(6)} ok/s  p50 ${r.p50.toFixed(1).padStart(5)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  (${r.ok} ok, ${r.other} other)`

const baseline = await startServer('baseline')
const ingest = await startServer('ingest')
try {
  // Warm both servers up (JIT, connection pools), then measure.
  await load(baseline.url, () => signedInbound(`bench_${randomUUID()}`, '/echo'), warmupSeconds)
  await load(ingest.url, webhookTraffic(), warmupSeconds)
  await ingest.ask('drain')
  const base = await load(baseline.url, () => signedInbound(`bench_${randomUUID()}`, '/echo'))
  const real = await load(ingest.url, webhookTraffic())
  const drained = await ingest.ask('drain')
  const drain = 'drainMs' in drained ? drained : { drainMs: NaN, depth: NaN }
  process.stdout.write(
    [
      `connections ${connections}, ${seconds}s per run, load average ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}`,
      `baseline (Fastify HMAC echo): ${fmt(base)}`,
      `webhook-ingest (durable):     ${fmt(real)}`,
      `ratio ingest/baseline: ${(real.perSecond / base.perSecond).toFixed(2)}  (target >= 0.5, p99 <= 50 ms)`,
      `outbox drained ${(drain.drainMs / 1000).toFixed(1)} s after the run; depth now ${drain.depth}`,
      '',
    ].join('\n'),
  )
} finally {
  await ingest.ask('stop')
  await baseline.ask('stop')
}

// Ingest benchmark: signed Zadarma and Standard Webhooks traffic (about 10 % duplicates) against
// the real webhook-ingest (Postgres + outbox + Kafka + Redis), next to a bare Fastify HMAC-echo
// baseline in the same invocation. Run from the repository root with the infrastructure up:
//   pnpm exec tsx bench/ingest/ingest.bench.ts      (BENCH_SECONDS=10 BENCH_CONNECTIONS=32)
import { randomUUID } from 'node:crypto'
import { Agent, request } from 'node:http'
import {
  signedInbound,
  signedZadarma,
  startBaseline,
  startBenchIngest,
  type BenchRequest,
} from '../../services/webhook-ingest/test/bench-servers.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32)

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

async function load(url: string, next: () => BenchRequest): Promise<Result> {
  const base = new URL(url)
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  const latencies: number[] = []
  let ok = 0
  let other = 0
  const started = performance.now()
  const deadline = started + seconds * 1000
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

const baseline = await startBaseline()
const ingest = await startBenchIngest()
try {
  await load(ingest.url, webhookTraffic()) // warm-up is the first run's JIT; measure the second
    .then(() => undefined)
  const base = await load(baseline.url, () => signedInbound(`bench_${randomUUID()}`, '/echo'))
  const real = await load(ingest.url, webhookTraffic())
  const drainStart = performance.now()
  await ingest.app.relay.flush()
  const drainMs = performance.now() - drainStart
  process.stdout.write(
    [
      `connections ${connections}, ${seconds}s per run`,
      `baseline (Fastify HMAC echo): ${fmt(base)}`,
      `webhook-ingest (durable):     ${fmt(real)}`,
      `ratio ingest/baseline: ${(real.perSecond / base.perSecond).toFixed(2)}  (target >= 0.5, p99 <= 50 ms)`,
      `outbox drained ${(drainMs / 1000).toFixed(1)} s after the run; depth now ${await ingest.app.relay.depth()}`,
      '',
    ].join('\n'),
  )
} finally {
  await ingest.stop()
  await baseline.close()
}

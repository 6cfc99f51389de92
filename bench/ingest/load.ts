import { Agent, request } from 'node:http'
import type { BenchRequest } from '../../services/webhook-ingest/test/bench-servers.js'

/** What one or more load runs against one server measured. */
export interface Samples {
  ok: number
  other: number
  seconds: number
  latencies: number[]
}

export interface Summary {
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

/** `connections` keep-alive connections, each sending the next request as soon as the last is answered. */
export async function load(
  url: string,
  next: () => BenchRequest,
  options: { seconds: number; connections: number },
): Promise<Samples> {
  const base = new URL(url)
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections })
  const samples: Samples = { ok: 0, other: 0, seconds: 0, latencies: [] }
  const started = performance.now()
  const deadline = started + options.seconds * 1000
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now()
        const status = await send(agent, base, next())
        samples.latencies.push(performance.now() - t0)
        if (status === 200) samples.ok++
        else samples.other++
      }
    }),
  )
  samples.seconds = (performance.now() - started) / 1000
  agent.destroy()
  return samples
}

/** Throughput and latency percentiles over several runs against the same server. */
export function summarize(runs: readonly Samples[]): Summary {
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0
  const ok = runs.reduce((sum, run) => sum + run.ok, 0)
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0)
  return {
    ok,
    other: runs.reduce((sum, run) => sum + run.other, 0),
    perSecond: seconds > 0 ? ok / seconds : 0,
    p50: at(0.5),
    p99: at(0.99),
  }
}

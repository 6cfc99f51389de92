import { Agent, request } from 'node:http'
import { percentile } from './stats.js'

/** One request of a load run; POST when it has a body, else GET. */
export interface HttpRequest {
  path: string
  headers?: Record<string, string>
  body?: string
}

/** What one or more load runs against one server measured. */
export interface Samples {
  ok: number
  other: number
  seconds: number
  latencies: number[]
}

export interface LoadResult {
  ok: number
  other: number
  perSecond: number
  p50: number
  p99: number
}

/** Sends one request; resolves with the answer's status once its body has been read. */
export function send(agent: Agent, base: URL, req: HttpRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers =
      req.body === undefined
        ? (req.headers ?? {})
        : { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) }
    const out = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        path: req.path,
        method: req.body === undefined ? 'GET' : 'POST',
        headers,
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

/**
 * Closed-loop load: `connections` keep-alive connections, each sending the next request as soon
 * as the last is answered, for `seconds`. Only 200 answers count as served.
 */
export async function load(
  url: string,
  next: () => HttpRequest,
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
export function summarize(runs: readonly Samples[]): LoadResult {
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b)
  const ok = runs.reduce((sum, run) => sum + run.ok, 0)
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0)
  return {
    ok,
    other: runs.reduce((sum, run) => sum + run.other, 0),
    perSecond: seconds > 0 ? ok / seconds : 0,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  }
}

/** Closed-loop GET load on one URL (see `load`). */
export async function loadGet(
  url: string,
  options: { seconds: number; connections: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  const target = new URL(url)
  const req = { path: `${target.pathname}${target.search}`, headers: options.headers ?? {} }
  return summarize([await load(url, () => req, options)])
}

export const formatLoad = (r: LoadResult, unit = 'req/s') =>
  `${r.perSecond.toFixed(0).padStart(6)} ${unit}  p50 ${r.p50.toFixed(1).padStart(5)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  (${r.ok} ok, ${r.other} other)`

import { Agent, request } from 'node:http'

export interface LoadResult {
  ok: number
  other: number
  perSecond: number
  p50: number
  p99: number
}

function get(agent: Agent, base: URL, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const out = request(
      { agent, host: base.hostname, port: base.port, path, method: 'GET', headers },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    out.on('error', reject)
    out.end()
  })
}

/**
 * Closed-loop GET load: `connections` keep-alive connections, each sending the next request as
 * soon as the last is answered, for `seconds`. Only 200 answers count as served.
 */
export async function loadGet(
  url: string,
  options: { seconds: number; connections: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  const target = new URL(url)
  const path = `${target.pathname}${target.search}`
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections })
  const latencies: number[] = []
  let ok = 0
  let other = 0
  const started = performance.now()
  const deadline = started + options.seconds * 1000
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now()
        const status = await get(agent, target, path, options.headers ?? {})
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

export const formatLoad = (r: LoadResult) =>
  `${r.perSecond.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(5)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  (${r.ok} ok, ${r.other} other)`

import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, waitFor } from './stack.js'

export interface ScrapeTarget {
  /** The job name, as deploy/prometheus/prometheus.yml names it (the service name). */
  job: string
  port: number
}

export interface PromSeries {
  metric: Record<string, string>
  value: [number, string]
}

export interface PrometheusServer {
  url: string
  /** An instant query through the HTTP API (`/api/v1/query`); throws on a query error. */
  query(expr: string): Promise<PromSeries[]>
  stop(): Promise<void>
  output(): string
}

/**
 * A real Prometheus (the Debian package's /usr/bin/prometheus) scraping `targets` on
 * loopback every second, with its data in a temp dir removed at stop.
 */
export async function startPrometheus(targets: readonly ScrapeTarget[]): Promise<PrometheusServer> {
  const dir = await mkdtemp(join(tmpdir(), 'leadflow-prometheus-'))
  const jobs = targets
    .map(
      ({ job, port }) =>
        `  - job_name: ${job}\n    static_configs: [{ targets: ['127.0.0.1:${port}'], labels: { service: ${job} } }]`,
    )
    .join('\n')
  const config = `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n${jobs}\n`
  await writeFile(join(dir, 'prometheus.yml'), config)
  const port = await freePort()
  const child = spawn('/usr/bin/prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ])
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve))
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM')
    await exit
    await rm(dir, { recursive: true, force: true })
  }
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${output}`)
      return (await fetch(`${url}/-/ready`)).ok
    }, 30_000)
  } catch (err) {
    await stop()
    throw err
  }
  return {
    url,
    output: () => output,
    stop,
    async query(expr) {
      const res = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr }).toString()}`)
      const body = (await res.json()) as {
        status: string
        error?: string
        data?: { resultType: string; result: PromSeries[] }
      }
      if (body.status !== 'success') throw new Error(`query failed: ${expr}: ${body.error ?? res.status}`)
      return body.data?.resultType === 'vector' ? (body.data.result ?? []) : []
    },
  }
}

import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { spawnService, waitReady } from '../../tools/test/stack.js'

const repo = new URL('../../', import.meta.url)
const topicPrefix = fileURLToPath(new URL('./kafka-topic-prefix.ts', import.meta.url))

/** A process a benchmark started: a service or a helper server. */
export interface BenchProcess {
  name: string
  url: string
  pid: number
  output(): string
  stop(): Promise<void>
}

function track(name: string, url: string, child: ChildProcess, output: () => string): BenchProcess {
  return {
    name,
    url,
    pid: child.pid ?? 0,
    output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/**
 * Starts one service as `./leadflow start` does (tools/test/stack.ts), with every Kafka topic it
 * uses renamed to `<topicPrefix><topic>` (bench/lib/kafka-topic-prefix.ts), and waits until
 * /readyz is 200.
 */
export async function startService(
  name: string,
  options: { topicPrefix: string; env: Record<string, string>; port?: number },
): Promise<BenchProcess> {
  const env = { KAFKAJS_NO_PARTITIONER_WARNING: '1', ...options.env, BENCH_TOPIC_PREFIX: options.topicPrefix }
  const service = await spawnService(name, env, options.port, [topicPrefix])
  await waitReady(service, 90_000)
  return track(name, service.url, service.child, service.output)
}

/** Runs a TypeScript helper server in its own process; it prints its URL as its first line. */
export async function startHelper(
  name: string,
  entry: URL,
  env: Record<string, string>,
): Promise<BenchProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(entry)], {
    cwd: repo,
    env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-20_000)))
  const [line] = (await Promise.race([
    once(child.stdout, 'data'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`${name} exited with ${String(code)}`)
    }),
  ])) as [Buffer]
  return track(name, line.toString().trim().split('\n')[0] ?? '', child, () => output)
}

/** Resident set size of a process in MiB (VmRSS in /proc/<pid>/status). */
export function rssMiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return Number(match?.[1] ?? 0) / 1024
}

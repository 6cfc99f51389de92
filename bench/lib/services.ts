import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { freePort, waitFor } from '../../tools/test/stack.js'

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

function track(name: string, url: string, child: ChildProcess): BenchProcess {
  let output = ''
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-20_000))
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  return {
    name,
    url,
    pid: child.pid ?? 0,
    output: () => output,
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
 * Starts one service as `./leadflow start` does (`node --import tsx src/main.ts` in its
 * directory, configured by the environment), with every Kafka topic it uses renamed to
 * `<topicPrefix><topic>` (bench/lib/kafka-topic-prefix.ts), and waits until /readyz is 200.
 */
export async function startService(
  name: string,
  options: { topicPrefix: string; env: Record<string, string>; port?: number },
): Promise<BenchProcess> {
  const port = options.port ?? (await freePort())
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', topicPrefix, 'src/main.ts'], {
    cwd: new URL(`services/${name}/`, repo),
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      ...options.env,
      BENCH_TOPIC_PREFIX: options.topicPrefix,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const service = track(name, `http://127.0.0.1:${port}`, child)
  await waitFor(async () => {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with ${child.exitCode}:\n${service.output()}`)
    return (await fetch(`${service.url}/readyz`)).status === 200
  }, 90_000).catch((err: Error) => {
    throw new Error(`${name} never became ready: ${err.message}\n${service.output()}`)
  })
  return service
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
  const [line] = (await Promise.race([
    once(child.stdout, 'data'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`${name} exited with ${String(code)}`)
    }),
  ])) as [Buffer]
  return track(name, line.toString().trim().split('\n')[0] ?? '', child)
}

/** Resident set size of a process in MiB (VmRSS in /proc/<pid>/status). */
export function rssMiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return Number(match?.[1] ?? 0) / 1024
}

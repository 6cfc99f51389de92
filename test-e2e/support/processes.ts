import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { FatalWaitError, waitFor } from './wait.js'

const repo = new URL('../../', import.meta.url)

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/** One service running as its own Node process, as `./leadflow start` runs it. */
export interface ServiceProcess {
  name: string
  url: string
  pid: number
  /** The last lines the process wrote (for failure messages). */
  output(): string
  running(): boolean
  stop(): Promise<number | null>
}

const keptLines = 200

/** `node --import tsx src/main.ts` in the service's directory, configured only by `env`. */
export function startService(name: string, port: number, env: Record<string, string>): ServiceProcess {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: new URL(`services/${name}/`, repo),
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  const keep = (chunk: Buffer): void => {
    lines.push(...chunk.toString().split('\n').filter(Boolean))
    if (lines.length > keptLines) lines.splice(0, lines.length - keptLines)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    output: () => lines.join('\n'),
    running: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
        const code = await exit
        clearTimeout(timer)
        return code
      }
      return exit
    },
  }
}

/** Waits until `/readyz` answers 200; fails at once when the process exits. */
export async function waitReady(service: ServiceProcess, timeoutMs = 90_000): Promise<void> {
  await waitFor(
    `${service.name} to become ready`,
    async () => {
      if (!service.running()) {
        throw new FatalWaitError(`${service.name} exited during start:\n${service.output()}`)
      }
      return (await fetch(`${service.url}/readyz`)).status === 200
    },
    timeoutMs,
    300,
  ).catch((err: Error) => {
    throw err instanceof FatalWaitError ? err : new Error(`${err.message}\n${service.output()}`)
  })
}

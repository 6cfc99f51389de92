import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Each service as the start command runs it: its own Node process, configured only by the
// environment, against the real local Kafka, Postgres and Redis.
const services = ['gateway', 'webhook-ingest', 'contacts', 'lead-router', 'mailer', 'imap-poller'] as const
const repo = new URL('../../', import.meta.url)

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const done = await check().catch((err: unknown) => {
      if (err instanceof Error && err.message.includes('exited')) throw err
      return false
    })
    if (done) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`condition not met within ${timeoutMs} ms`)
}

interface Running {
  name: string
  port: number
  child: ChildProcess
  exit: Promise<number | null>
  output: () => string
}

describe('the six services as separate processes', () => {
  const running: Running[] = []

  beforeAll(async () => {
    for (const name of services) {
      const port = await freePort()
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: new URL(`services/${name}/`, repo),
        env: {
          DATABASE_URL: 'postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow',
          ...process.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          NODE_ENV: 'test',
        },
      })
      let output = ''
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
      const exit = new Promise<number | null>((resolve) => child.on('exit', resolve))
      running.push({ name, port, child, exit, output: () => output })
    }
  })

  afterAll(async () => {
    for (const service of running) if (service.child.exitCode === null) service.child.kill('SIGKILL')
    await Promise.all(running.map((service) => service.exit))
  })

  it('each answers /healthz, /readyz (200, every dependency ok) and /metrics', async () => {
    for (const { name, port, child, output } of running) {
      const base = `http://127.0.0.1:${port}`
      await waitFor(async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output()}`)
        return (await fetch(`${base}/readyz`)).status === 200
      }, 40_000).catch((err: Error) => {
        throw new Error(`${name} never became ready: ${err.message}\n${output()}`)
      })
      expect((await fetch(`${base}/healthz`)).status).toBe(200)
      expect(await (await fetch(`${base}/readyz`)).json()).toEqual({
        status: 'ready',
        checks: { postgres: 'ok', redis: 'ok', kafka: 'ok' },
      })
      const metrics = await (await fetch(`${base}/metrics`)).text()
      expect(metrics).toContain(`process_resident_memory_bytes{service="${name}"}`)
    }
  })

  it('each stops gracefully on SIGTERM with exit code 0', async () => {
    for (const service of running) service.child.kill('SIGTERM')
    const codes = await Promise.all(running.map((service) => service.exit))
    expect(codes).toEqual(services.map(() => 0))
  })
})

import { spawn, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { createServer, type AddressInfo, type Server } from 'node:net'

/** The six services, in the order the start command starts them. */
export const serviceNames = [
  'gateway',
  'webhook-ingest',
  'contacts',
  'lead-router',
  'mailer',
  'imap-poller',
] as const
export type ServiceName = (typeof serviceNames)[number]

export const repoRoot = new URL('../../', import.meta.url)
export const defaultDatabaseUrl = 'postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow'

/**
 * `count` distinct free TCP ports on loopback. All are held open at once and closed again before
 * they are returned: a port closed before the next is asked for can be handed out twice.
 */
export async function freePorts(count: number): Promise<number[]> {
  const listening = await Promise.allSettled(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer()
          server.once('error', reject)
          server.listen(0, '127.0.0.1', () => resolve(server))
        }),
    ),
  )
  const servers = listening.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))
  const ports = servers.map((server) => (server.address() as AddressInfo).port)
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  const failed = listening.find((result) => result.status === 'rejected')
  if (failed) throw failed.reason
  return ports
}

/** A free TCP port on loopback (closed again before it is returned). */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1)
  return port!
}

/** A distinct free port for each of the six services. */
export async function servicePorts(): Promise<Record<ServiceName, number>> {
  const ports = await freePorts(serviceNames.length)
  return Object.fromEntries(serviceNames.map((name, i) => [name, ports[i]!])) as Record<ServiceName, number>
}

/**
 * The first of `count` consecutive free ports on loopback, below the kernel's ephemeral range. For processes
 * that are killed and started again on the same port: a port from the ephemeral range (like
 * `freePort`'s) can be taken meanwhile by any outgoing connection on the machine.
 */
export async function freePortBlock(count: number): Promise<number> {
  const ephemeralStart = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
    .then((text) => Number(text.trim().split(/\s+/)[0]))
    .catch(() => 32_768)
  const low = 20_000
  const high = (ephemeralStart > low + 1_000 ? ephemeralStart : 32_768) - count
  for (;;) {
    const base = low + Math.floor(Math.random() * (high - low))
    const ports = Array.from({ length: count }, (_, i) => base + i)
    if ((await Promise.all(ports.map(portIsFree))).every(Boolean)) return base
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

/** Polls `check` until it is true; an error mentioning "exited" stops the wait at once. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
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

export interface RunningService {
  name: string
  port: number
  url: string
  child: ChildProcess
  exit: Promise<number | null>
  output: () => string
}

/**
 * Starts one service as the start command runs it: its own Node process on a free port,
 * configured only by the environment, against the real local Kafka, Postgres and Redis.
 * `env` is applied last (e.g. a DATABASE_URL with a schema of the test's own).
 */
export async function spawnService(
  name: string,
  env: Record<string, string> = {},
  port?: number,
  /** More modules to load first with `--import` (a benchmark's instrumentation). */
  imports: readonly string[] = [],
): Promise<RunningService> {
  port ??= await freePort()
  const preload = ['tsx', ...imports].flatMap((module) => ['--import', module])
  const child = spawn(process.execPath, [...preload, 'src/main.ts'], {
    cwd: new URL(`services/${name}/`, repoRoot),
    env: {
      DATABASE_URL: defaultDatabaseUrl,
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      ...env,
    },
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve))
  return { name, port, url: `http://127.0.0.1:${port}`, child, exit, output: () => output }
}

/** Waits until the service's /readyz answers 200; fails with its output if it exits or never does. */
export async function waitReady(service: RunningService, timeoutMs = 40_000): Promise<void> {
  const { name, url, child, output } = service
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output()}`)
    return (await fetch(`${url}/readyz`)).status === 200
  }, timeoutMs).catch((err: Error) => {
    throw new Error(`${name} never became ready: ${err.message}\n${output()}`)
  })
}

/** The variables through which services find each other, for services on `ports`. */
export function serviceUrls(ports: Record<ServiceName, number>): Record<string, string> {
  const url = (name: ServiceName) => `http://127.0.0.1:${ports[name]}`
  return {
    USERS_URL: url('gateway'),
    WEBHOOK_INGEST_URL: url('webhook-ingest'),
    CONTACTS_URL: url('contacts'),
    LEAD_ROUTER_URL: url('lead-router'),
    MAILER_URL: url('mailer'),
    PUBLIC_BASE_URL: url('mailer'),
    IMAP_POLLER_URL: url('imap-poller'),
  }
}

/**
 * Starts the six services on free ports, each told where the others are, without waiting for
 * them (optionally with per-service environment).
 */
export async function startStack(
  env: Partial<Record<ServiceName, Record<string, string>>> = {},
): Promise<RunningService[]> {
  const ports = await servicePorts()
  const urls = serviceUrls(ports)
  const running: RunningService[] = []
  for (const name of serviceNames)
    running.push(await spawnService(name, { ...urls, ...env[name] }, ports[name]))
  return running
}

/** SIGTERM to every service still running (SIGKILL when `force`), then waits for all exits. */
export async function stopStack(
  running: readonly RunningService[],
  force = false,
): Promise<(number | null)[]> {
  for (const service of running)
    if (service.child.exitCode === null) service.child.kill(force ? 'SIGKILL' : 'SIGTERM')
  return Promise.all(running.map((service) => service.exit))
}

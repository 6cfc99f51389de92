// Gateway list benchmark: GET /api/v1/leads?limit=50 through the real gateway (JWT, Redis rate
// limit on with a limit that never trips, the page read from its lead read model) over ≥100k
// seeded leads, next to a bare Fastify GET baseline answering 50 leads from memory, in the same
// invocation. Each server runs in its own process, as in production; this process only generates
// load. Then the ceiling (BENCH_CEILING=0 leaves it out): the least a correct list does
// (services/gateway/test/list-ceiling.ts).
// Run from the repository root with the infrastructure up:
//   pnpm exec tsx bench/gateway-list/gateway-list.bench.ts   (BENCH_SECONDS=10 BENCH_CONNECTIONS=16 BENCH_LEADS=100000;
//   BENCH_CPU_PROF=<dir> writes a .cpuprofile of every server process)
import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { createBenchDatabases } from '../../services/gateway/test/list-bench-support.js'
import { writeBenchResult } from '../lib/bench-result.js'
import { formatLoad, loadGet, type LoadResult } from '../lib/http-load.js'
import { processCpuMs } from '../lib/process-cpu.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16)
const leadCount = Number(process.env.BENCH_LEADS ?? 100_000)
const baseUrl = process.env.DATABASE_URL ?? 'postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow'
const internalToken = `bench-internal-${randomUUID()}`
const jwtSecret = `bench-jwt-${randomUUID()}`
const withCeiling = process.env.BENCH_CEILING !== '0'
const adminEmail = `bench-admin-${randomUUID()}@leadflow.test`
const adminPassword = 'Bench-admin-pass-42'
const root = new URL('../../', import.meta.url)

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  return port
}

const children: ChildProcess[] = []

/** Runs a TypeScript entry point as its own Node process; its output goes to our stderr. */
function run(entry: string, env: Record<string, string>): ChildProcess {
  const profile = process.env.BENCH_CPU_PROF
    ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : []
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', entry], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  return child
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`)
    const status = await fetch(`${url}/readyz`).then(
      (r) => r.status,
      () => 0,
    )
    if (status === 200) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`${url} not ready in time`)
}

interface Server {
  url: string
  pid: number
}

async function service(env: Record<string, string>): Promise<Server> {
  const port = await freePort()
  const child = run('services/gateway/src/main.ts', { ...env, HOST: '127.0.0.1', PORT: String(port) })
  child.stdout?.pipe(process.stderr)
  const url = `http://127.0.0.1:${port}`
  await waitReady(url, child)
  return { url, pid: child.pid ?? 0 }
}

/** A helper server that prints its URL on its first line of output. */
async function helper(entry: string, env: Record<string, string> = {}): Promise<Server> {
  const child = run(entry, env)
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${entry} exited with ${String(code)} before it was listening`)
  })
  const [line] = (await Promise.race([once(child.stdout!, 'data'), exited])) as [Buffer]
  exited.catch(() => undefined)
  return { url: line.toString().trim(), pid: child.pid ?? 0 }
}

/** A load run and the CPU time each of `servers` spent per answered request during it. */
async function measured(servers: Server[], run: () => Promise<LoadResult>) {
  const before = servers.map((server) => processCpuMs(server.pid))
  const result = await run()
  const cpuPerRequest = servers.map(
    (server, i) => (processCpuMs(server.pid) - before[i]!) / Math.max(1, result.ok),
  )
  return { result, cpuPerRequest }
}

const databases = await createBenchDatabases(baseUrl)
try {
  const seedMs = await databases.seedLeads(leadCount)
  const gateway = await service({
    DATABASE_URL: databases.gatewayUrl,
    INTERNAL_API_TOKEN: internalToken,
    BOOTSTRAP_ADMIN_EMAIL: adminEmail,
    BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
    RATE_LIMIT_AUTHENTICATED: '1000000',
    PASSWORD_SCRYPT_COST: '12',
    JWT_SECRET: jwtSecret,
    // Its read model is seeded above; it must not read the shared topic's lead changes.
    GROUP_ID: `gateway-list-bench-${process.pid}`,
    KAFKA_OFFSET_RESET: 'latest',
  })
  const bare = await helper('services/gateway/test/list-bench-baseline.ts')
  const ceiling = withCeiling
    ? await helper('services/gateway/test/list-ceiling.ts', {
        DATABASE_URL: databases.gatewayUrl,
        JWT_SECRET: jwtSecret,
      })
    : undefined
  const login = await fetch(`${gateway.url}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: adminEmail, password: adminPassword }),
  })
  const { accessToken } = (await login.json()) as { accessToken: string }
  const jwt = { authorization: `Bearer ${accessToken}` }
  const check = await fetch(`${gateway.url}/api/v1/leads?limit=50`, { headers: jwt })
  const page = (await check.json()) as { data: unknown[] }
  if (check.status !== 200 || page.data.length !== 50) throw new Error(`list answered ${check.status}`)

  const options = { seconds, connections }
  const list = `${gateway.url}/api/v1/leads?limit=50`
  // Warm-up (JIT, connection pools), then the measured runs.
  await loadGet(list, { ...options, seconds: 3, headers: jwt })
  await loadGet(`${bare.url}/leads`, { ...options, seconds: 3 })
  const base = await measured([bare], () => loadGet(`${bare.url}/leads`, options))
  const real = await measured([gateway], () => loadGet(list, { ...options, headers: jwt }))
  const ceilingList = ceiling ? `${ceiling.url}/api/v1/leads?limit=50` : undefined
  if (ceilingList) {
    const answer = await fetch(ceilingList, { headers: jwt })
    if (!answer.ok) throw new Error(`the ceiling answered ${answer.status}`)
    const ids = (rows: unknown[]) => rows.map((row) => (row as { id: string }).id).join()
    const first = (await answer.json()) as { data: unknown[] }
    if (ids(first.data) !== ids(page.data)) throw new Error("the ceiling's first page is not the gateway's")
    await loadGet(ceilingList, { ...options, seconds: 3, headers: jwt })
  }
  const least =
    ceiling && ceilingList
      ? await measured([ceiling], () => loadGet(ceilingList, { ...options, headers: jwt }))
      : undefined
  const [baseCpu = 0] = base.cpuPerRequest
  const [gatewayCpu = 0] = real.cpuPerRequest
  const ms = (value: number) => `${value.toFixed(2)} ms`
  process.stdout.write(
    [
      `${leadCount} leads seeded in ${(seedMs / 1000).toFixed(1)} s; connections ${connections}, ${seconds} s per run`,
      `baseline (bare Fastify, 50 leads from memory): ${formatLoad(base.result)}`,
      `gateway GET /api/v1/leads?limit=50 (JWT):      ${formatLoad(real.result)}`,
      `ratio gateway/baseline: ${(real.result.perSecond / base.result.perSecond).toFixed(2)}  (target >= 0.25, p99 <= 50 ms)`,
      `CPU per answered request: baseline ${ms(baseCpu)}; gateway ${ms(gatewayCpu)} (Postgres and Redis not counted)`,
      `CPU-cost ratio baseline/gateway: ${(baseCpu / gatewayCpu).toFixed(2)}` +
        ' (the throughput ratio when CPU-bound, load-independent)',
      ...(least
        ? [
            `ceiling (JWT, Redis rate limit, page JSON from the read model): ${formatLoad(least.result)}`,
            `ratio ceiling/baseline: ${(least.result.perSecond / base.result.perSecond).toFixed(2)}; CPU per answered request ${ms(least.cpuPerRequest[0] ?? 0)}`,
          ]
        : []),
      '',
    ].join('\n'),
  )
  const ratio = real.result.perSecond / base.result.perSecond
  writeBenchResult({
    name: 'P4 gateway list',
    measured: `GET /api/v1/leads?limit=50 over ${leadCount} leads, ${connections} connections, closed loop, ${seconds} s`,
    leadflow: `gateway (JWT, rate limit, lead read model): ${real.result.perSecond.toFixed(0)} req/s, p99 ${real.result.p99.toFixed(1)} ms`,
    baseline: `bare Fastify GET, 50 leads from memory: ${base.result.perSecond.toFixed(0)} req/s, p99 ${base.result.p99.toFixed(1)} ms`,
    ratio,
    target: '>= 0.25x with p99 <= 50 ms',
    met: ratio >= 0.25 && real.result.p99 <= 50,
    notes: [
      `CPU per answered request: baseline ${ms(baseCpu)}; gateway ${ms(gatewayCpu)}`,
      ...(least
        ? [
            `ceiling (the least a correct list does: JWT, Redis rate limit, the page's JSON from the read model in one statement; no scopes, no hooks): ${least.result.perSecond.toFixed(0)} req/s, p99 ${least.result.p99.toFixed(1)} ms = ${(least.result.perSecond / base.result.perSecond).toFixed(2)}x the baseline`,
          ]
        : []),
    ],
  })
} finally {
  for (const child of children) {
    if (child.exitCode === null) {
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
  }
  await databases.drop()
}

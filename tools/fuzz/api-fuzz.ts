/**
 * Schema-driven fuzzing of the gateway's public API from its own `/api/openapi.json`.
 *
 * Starts the six services as separate processes against the running Kafka, Postgres and Redis
 * (a fresh database, consumer groups of its own), signs in as the bootstrap admin, sends a set
 * of raw hostile bodies no schema-driven generator produces (malformed JSON, deep nesting, odd
 * unicode, boundary numbers, wrong content types, oversized bodies), then runs schemathesis with
 * a fixed seed over every operation and stops everything again.
 *
 *   node --import tsx tools/fuzz/api-fuzz.ts [--examples N] [--seed S] [--workers W]
 */
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createE2eDatabase } from '../../test-e2e/support/database.js'
import {
  e2eGroups,
  e2eKafka,
  removeGroups,
  startGroupsAtTopicEnds,
} from '../../test-e2e/support/kafka-groups.js'
import { startSmtpPeer } from '../../test-e2e/support/smtp-peer.js'
import {
  serviceNames,
  servicePorts,
  serviceUrls,
  spawnService,
  stopStack,
  waitReady,
  type RunningService,
  type ServiceName,
} from '../test/stack.js'

/** The schemathesis release the fuzz run is pinned to. */
export const schemathesisVersion = '4.32.5'

/**
 * What the contract promises (shared/ARCHITECTURE.md, services/gateway/README.md): no 5xx, every
 * answer's status, content type and body as documented, every error problem+json (our own check
 * in hooks.py). Left out: response_headers_conformance (no response headers are documented),
 * negative_data_rejection / positive_data_acceptance (a schema-valid body can still be refused
 * by business rules: unknown ids → 404, duplicates → 409; and some refusals are deliberately
 * lenient, e.g. unknown query parameters are ignored), ignored_auth / use_after_free /
 * ensure_resource_availability / object_level_authorization (need stateful links and several
 * identities; the attack suite covers authorization), unsupported_method and
 * missing_required_header (Fastify answers 404 for unknown methods; headers are optional).
 */
export const checks = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'problem_json_errors',
] as const

export interface FuzzOptions {
  /** Maximum schemathesis test cases per operation and phase. */
  examples: number
  seed: number
  workers: number
  /** Where progress lines go (the CLI prints them; the test collects them). */
  log?: (line: string) => void
  /** Ends schemathesis early (e.g. on Ctrl-C); the stack is stopped as after a full run. */
  signal?: AbortSignal
}

export interface FuzzResult {
  /** Test cases schemathesis generated and sent. */
  generated: number
  /** Raw hostile requests sent besides. */
  raw: number
  /** Problems found: schemathesis failures and raw requests answered against the contract. */
  findings: string[]
  /** schemathesis' own report (its console output). */
  report: string
  schemathesisExit: number | null
  wallMs: number
}

/** hooks.py: Leadflow's own check, imported by schemathesis as the module `hooks`. */
const hooksDir = fileURLToPath(new URL('./', import.meta.url))

function venvDir(): string {
  const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache')
  return join(cache, 'leadflow', 'venv-fuzz')
}

/** The `st` executable of the pinned schemathesis, in a project venv created on first use. */
export function ensureSchemathesis(log: (line: string) => void = () => undefined): string {
  const dir = venvDir()
  const st = join(dir, 'bin', 'st')
  const version = existsSync(st) ? spawnSync(st, ['--version'], { encoding: 'utf8' }).stdout : ''
  if (version.includes(schemathesisVersion)) return st
  log(`installing schemathesis ${schemathesisVersion} into ${dir}`)
  const run = (cmd: string, args: string[]): void => {
    const result = spawnSync(cmd, args, { encoding: 'utf8' })
    if (result.status !== 0)
      throw new Error(`${cmd} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`)
  }
  // CPython 3.11 can fail parsing source from several threads at once (hypothesis does, with
  // several workers): prefer a newer interpreter when the machine has one.
  const python =
    ['python3.13', 'python3.12'].find((name) => spawnSync(name, ['--version']).status === 0) ?? 'python3'
  if (!existsSync(join(dir, 'bin', 'python'))) run(python, ['-m', 'venv', dir])
  run(join(dir, 'bin', 'python'), ['-m', 'pip', 'install', '-q', `schemathesis==${schemathesisVersion}`])
  return st
}

interface FuzzStack {
  gatewayUrl: string
  admin: { email: string; password: string }
  services: RunningService[]
  stop(): Promise<void>
}

/** The six services on a fresh database with consumer groups and a Redis DB of their own. */
async function startFuzzStack(): Promise<FuzzStack> {
  const run = `fuzz-${randomBytes(4).toString('hex')}`
  const cleanups: (() => Promise<unknown>)[] = []
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined)
    cleanups.length = 0
  }
  try {
    const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim())
    const kafka = e2eKafka(brokers)
    const groups = e2eGroups(run)
    cleanups.push(() => removeGroups(kafka, groups))
    await startGroupsAtTopicEnds(kafka, groups)
    const db = await createE2eDatabase(
      process.env.DATABASE_URL ?? 'postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow',
    )
    cleanups.push(() => db.drop())
    const redis = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
    redis.pathname = `/${process.env.FUZZ_REDIS_DB ?? '11'}`
    const smtp = await startSmtpPeer()
    cleanups.push(() => smtp.close())

    const ports = await servicePorts()
    const urls = serviceUrls(ports)
    const admin = { email: `admin-${run}@fuzz.test`, password: `fuzz-admin-${run}-pw1` }
    const shared = {
      ...urls,
      KAFKA_BROKERS: brokers.join(','),
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      // The run's new consumer groups must not replay the shared topics' history.
      KAFKA_OFFSET_RESET: 'latest',
      DATABASE_URL: db.url,
      REDIS_URL: redis.toString(),
      INTERNAL_API_TOKEN: `fuzz-internal-${randomBytes(16).toString('hex')}`,
      LOG_LEVEL: 'error',
    }
    const perService: Partial<Record<ServiceName, Record<string, string>>> = {
      gateway: {
        BOOTSTRAP_ADMIN_EMAIL: admin.email,
        BOOTSTRAP_ADMIN_PASSWORD: admin.password,
        PASSWORD_SCRYPT_COST: '12',
        // The run lasts longer than the default 15 minutes and sends far more than a person would.
        ACCESS_TOKEN_TTL_SEC: '86400',
        RATE_LIMIT_ANONYMOUS: '1000000',
        RATE_LIMIT_AUTHENTICATED: '1000000',
        RATE_LIMIT_LOGIN: '1000000',
        RATE_LIMIT_SUBMISSION: '1000000',
        LOGIN_IP_MAX_FAILURES: '100000',
      },
      'webhook-ingest': { GROUP_ID: groups['webhook-ingest'] },
      'lead-router': { GROUP_ID: groups['lead-router'] },
      mailer: { GROUP_ID: groups.mailer, SMTP_URL: smtp.url, SMTP_TIMEOUT_MS: '5000' },
    }
    const services: RunningService[] = []
    cleanups.push(() => stopStack(services, true))
    for (const name of serviceNames)
      services.push(await spawnService(name, { ...shared, ...perService[name] }, ports[name]))
    // Six Node processes starting at once on a small, busy machine: allow them time.
    await Promise.all(services.map((service) => waitReady(service, 180_000)))
    return { gatewayUrl: urls.USERS_URL ?? '', admin, services, stop }
  } catch (err) {
    await stop()
    throw err
  }
}

async function signIn(gatewayUrl: string, admin: { email: string; password: string }): Promise<string> {
  const res = await fetch(`${gatewayUrl}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  })
  if (res.status !== 200) throw new Error(`admin sign-in answered ${res.status}: ${await res.text()}`)
  return ((await res.json()) as { accessToken: string }).accessToken
}

interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: unknown }>>
}

/** Bodies no JSON-schema generator sends: broken syntax, absurd depth and size, odd text. */
function hostileBodies(): { name: string; body: string | Buffer; type: string }[] {
  const odd = '\u0000\u202e\u{1f4a9}\u0301\ud7ff\uffff\u{10ffff}"\\<script>'
  const oddText = odd.repeat(2000)
  return [
    { name: 'truncated JSON', body: '{"name": "x", ', type: 'application/json' },
    { name: 'trailing garbage', body: '{"a":1}}}', type: 'application/json' },
    { name: 'single quotes', body: "{'email': 'a@b.c'}", type: 'application/json' },
    { name: 'empty body', body: '', type: 'application/json' },
    { name: 'bare null', body: 'null', type: 'application/json' },
    { name: 'array instead of object', body: '[1,2,3]', type: 'application/json' },
    { name: 'deep array nesting', body: '['.repeat(20_000) + ']'.repeat(20_000), type: 'application/json' },
    {
      name: 'deep object nesting',
      body: '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000),
      type: 'application/json',
    },
    {
      name: 'boundary numbers',
      body: '{"limit":1e309,"priority":-0,"amount":9007199254740993,"n":-1e-400,"x":1.7976931348623157e308}',
      type: 'application/json',
    },
    {
      name: 'odd unicode in every common field',
      body: JSON.stringify(
        Object.fromEntries(
          ['name', 'email', 'phone', 'status', 'title', 'message', 'role', 'host', 'list', 'q'].map((k) => [
            k,
            oddText,
          ]),
        ),
      ),
      type: 'application/json',
    },
    {
      name: 'lone surrogate escapes',
      body: '{"name":"\\ud800\\udc00\\ud800","email":"\\udfff@x.y"}',
      type: 'application/json',
    },
    {
      name: 'NUL characters',
      body: String.raw`{"name":"a\u0000b","email":"nul\u0000@example.com","phone":"+49301\u000023456","k\u0000":1}`,
      type: 'application/json',
    },
    {
      name: 'invalid UTF-8 bytes',
      body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d]),
      type: 'application/json',
    },
    {
      name: 'prototype keys',
      body: '{"__proto__":{"role":"admin"},"constructor":{"prototype":{"x":1}}}',
      type: 'application/json',
    },
    {
      name: 'duplicate keys',
      body: '{"email":"a@b.c","email":["x"],"email":{"y":1}}',
      type: 'application/json',
    },
    { name: 'wrong content type', body: '{"email":"a@b.c"}', type: 'text/plain' },
    {
      name: 'form instead of JSON',
      body: 'email=a%40b.c&password=x',
      type: 'application/x-www-form-urlencoded',
    },
    { name: 'charset mismatch', body: '{"email":"a@b.c"}', type: 'application/json; charset=utf-16' },
    {
      name: 'body over the limit',
      body: JSON.stringify({ name: 'x'.repeat(300_000) }),
      type: 'application/json',
    },
  ]
}

/** Sends the hostile bodies to every operation that takes one; returns the findings. */
async function rawCases(
  gatewayUrl: string,
  token: string,
  spec: OpenApi,
): Promise<{ sent: number; findings: string[] }> {
  const findings: string[] = []
  let sent = 0
  for (const [template, operations] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!operation.requestBody || template.endsWith('/auth/logout')) continue
      const path = template.replace(/\{[^}]+\}/g, () => randomUUID())
      for (const { name, body, type } of hostileBodies()) {
        sent++
        const res = await fetch(`${gatewayUrl}${path}`, {
          method: method.toUpperCase(),
          headers: { authorization: `Bearer ${token}`, 'content-type': type },
          body,
        })
        const text = await res.text()
        const where = `${method.toUpperCase()} ${template} with ${name}`
        if (res.status >= 500) findings.push(`${where}: ${res.status} ${text.slice(0, 300)}`)
        else if (res.status >= 400) {
          const contentType = res.headers.get('content-type') ?? ''
          let problem: { status?: unknown; code?: unknown } = {}
          try {
            problem = JSON.parse(text) as typeof problem
          } catch {
            /* reported below */
          }
          if (
            !contentType.startsWith('application/problem+json') ||
            problem.status !== res.status ||
            !problem.code
          )
            findings.push(
              `${where}: ${res.status} as ${contentType}, not problem+json: ${text.slice(0, 300)}`,
            )
        }
      }
    }
  }
  return { sent, findings }
}

interface JsonReport {
  [key: string]: unknown
}

/** The number of generated test cases in schemathesis' JSON run report, wherever it keeps it. */
function generatedCases(report: JsonReport): number | undefined {
  const stack: unknown[] = [report]
  while (stack.length > 0) {
    const value = stack.pop()
    if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
        if (key === 'test_cases' && inner && typeof inner === 'object') {
          const total =
            (inner as Record<string, unknown>).total ?? (inner as Record<string, unknown>).generated
          if (typeof total === 'number') return total
        }
        stack.push(inner)
      }
    }
  }
  return undefined
}

/** `Test cases: 1234 generated, ...` from schemathesis' console summary. */
function generatedFromConsole(output: string): number | undefined {
  const match = /Test cases:\s*([\d,]+)\s+generated/.exec(output)
  return match?.[1] ? Number(match[1].replace(/,/g, '')) : undefined
}

function runSchemathesis(
  st: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(st, args, { env, cwd })
    signal?.addEventListener('abort', () => child.kill('SIGINT'), { once: true })
    let output = ''
    let pending = ''
    const take = (chunk: Buffer): void => {
      const text = chunk.toString()
      output += text
      pending += text
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) log(line)
    }
    child.stdout.on('data', take)
    child.stderr.on('data', take)
    child.on('error', reject)
    child.on('exit', (code) => {
      if (pending) log(pending)
      resolve({ code, output })
    })
  })
}

export async function runApiFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const log = options.log ?? (() => undefined)
  const started = Date.now()
  const st = ensureSchemathesis(log)
  log('starting the six services on a fresh database')
  const stack = await startFuzzStack()
  const workDir = await mkdtemp(join(tmpdir(), 'leadflow-fuzz-'))
  try {
    const token = await signIn(stack.gatewayUrl, stack.admin)
    const schemaUrl = `${stack.gatewayUrl}/api/openapi.json`
    const spec = (await (await fetch(schemaUrl)).json()) as OpenApi
    const raw = await rawCases(stack.gatewayUrl, token, spec)
    log(`raw hostile requests: ${raw.sent} sent, ${raw.findings.length} against the contract`)

    const reportPath = join(workDir, 'report.json')
    await mkdir(workDir, { recursive: true })
    const args = [
      'run',
      schemaUrl,
      '--url',
      stack.gatewayUrl,
      '--header',
      `Authorization: Bearer ${token}`,
      '--checks',
      checks.join(','),
      '--mode',
      'all',
      '--phases',
      'examples,coverage,fuzzing',
      '--max-examples',
      String(options.examples),
      '--seed',
      String(options.seed),
      '--workers',
      String(options.workers),
      '--request-timeout',
      '30',
      '--suppress-health-check',
      'all',
      // Signing out is harmless here (the fuzzer never holds the admin's refresh token), but it
      // is the one operation whose success ends a session: keep it out of the generated run.
      '--exclude-path',
      '/api/v1/auth/logout',
      '--no-color',
      '--report',
      'json',
      '--report-json-path',
      reportPath,
    ]
    log(`st ${args.map((a) => (a.startsWith('Authorization') ? 'Authorization: Bearer ***' : a)).join(' ')}`)
    const env = { ...process.env, SCHEMATHESIS_HOOKS: 'hooks', PYTHONPATH: hooksDir }
    const { code, output } = await runSchemathesis(st, args, env, workDir, log, options.signal)
    const json = existsSync(reportPath)
      ? (JSON.parse(await readFile(reportPath, 'utf8')) as JsonReport)
      : undefined
    const generated = (json && generatedCases(json)) ?? generatedFromConsole(output) ?? 0
    const findings = [...raw.findings]
    if (code !== 0) findings.push(`schemathesis exited with ${code}: see its report above`)
    if (findings.length > 0)
      for (const service of stack.services)
        if (service.output().trim())
          log(`--- ${service.name} (errors logged during the run)\n${service.output().slice(-4000)}`)
    return {
      generated,
      raw: raw.sent,
      findings,
      report: output,
      schemathesisExit: code,
      wallMs: Date.now() - started,
    }
  } finally {
    await stack.stop()
    await rm(workDir, { recursive: true, force: true })
  }
}

function flag(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name)
  if (at < 0) return fallback
  const value = Number(args[at + 1])
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive integer`)
  return value
}

const interrupted = new AbortController()

async function main(args: string[]): Promise<number> {
  for (const name of ['SIGINT', 'SIGTERM'] as const) process.once(name, () => interrupted.abort())
  if (args.includes('--help')) {
    process.stdout.write('usage: ./leadflow fuzz [--examples N] [--seed S] [--workers W]\n')
    return 0
  }
  const options: FuzzOptions = {
    examples: flag(args, '--examples', 1500),
    seed: flag(args, '--seed', 20261123),
    workers: flag(args, '--workers', 2),
    log: (line) => process.stdout.write(`${line}\n`),
    signal: interrupted.signal,
  }
  const result = await runApiFuzz(options)
  const minutes = (result.wallMs / 60_000).toFixed(1)
  process.stdout.write(
    `\nfuzz: ${result.generated} schemathesis test cases + ${result.raw} raw requests = ` +
      `${result.generated + result.raw} inputs in ${minutes} min (seed ${options.seed}, ` +
      `${options.examples} examples per operation and phase)\n`,
  )
  for (const finding of result.findings) process.stdout.write(`FINDING ${finding}\n`)
  return result.findings.length === 0 ? 0 : 1
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
      process.exitCode = 1
    },
  )
}

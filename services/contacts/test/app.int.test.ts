import { spawn } from 'node:child_process'
import { createPrismaAdapter } from '@leadflow/db'
import { createConnections, testConfig, type ServiceApp } from '@leadflow/service'
import { createLogger, createMetrics } from '@leadflow/telemetry'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { configSchema } from '../src/config.js'
import { PrismaClient } from '../src/generated/prisma/client.js'

async function startContacts(overrides: Record<string, string> = {}, level: 'warn' | 'silent' = 'warn') {
  const config = testConfig(configSchema, process.env, overrides)
  const logger = createLogger({ service: 'contacts', level })
  const app = await buildApp({
    config,
    logger,
    metrics: createMetrics({ service: 'contacts' }),
    db: new PrismaClient({
      adapter: createPrismaAdapter({
        databaseUrl: config.DATABASE_URL,
        defaultSchema: 'contacts',
      }),
    }),
    connections: createConnections('contacts', config, logger),
  })
  const url = await app.start()
  return { app, url }
}

describe('contacts service on the real Postgres, Redis and Kafka', () => {
  let app: ServiceApp
  let url: string
  beforeAll(async () => {
    ;({ app, url } = await startContacts())
  })
  afterAll(() => app.stop())

  it('answers /healthz and is ready once Postgres, Redis and Kafka answer', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    const ready = await fetch(`${url}/readyz`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { postgres: 'ok', redis: 'ok', kafka: 'ok' },
    })
  })

  it('exposes Prometheus metrics, including the requests it served', async () => {
    await fetch(`${url}/healthz`)
    const text = await (await fetch(`${url}/metrics`)).text()
    expect(text).toContain('process_resident_memory_bytes{service="contacts"}')
    expect(text).toMatch(/http_requests_total\{[^}]*route="\/healthz"/)
  })
})

describe('contacts service with an unreachable dependency', () => {
  it('answers /readyz 503 naming Kafka when no broker answers', async () => {
    const { app, url } = await startContacts({ KAFKA_BROKERS: '127.0.0.1:1' }, 'silent')
    try {
      const ready = await fetch(`${url}/readyz`)
      expect(ready.status).toBe(503)
      expect(ready.headers.get('content-type')).toContain('application/problem+json')
      const problem = (await ready.json()) as { detail: string; checks: Record<string, string> }
      expect(problem.detail).toMatch(/^kafka: /)
      expect(problem.checks).toMatchObject({ postgres: 'ok', redis: 'ok' })
      expect(problem.checks.kafka).not.toBe('ok')
    } finally {
      await app.stop()
    }
  })
})

describe('contacts process configuration', () => {
  it('exits non-zero naming every missing or invalid variable', async () => {
    const env = { PATH: process.env.PATH, PORT: 'not-a-port', KAFKA_BROKERS: 'no port here' }
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: new URL('..', import.meta.url),
      env,
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code).toBe(1)
    expect(stderr).toContain('DATABASE_URL')
    expect(stderr).toContain('PORT')
    expect(stderr).toContain('KAFKA_BROKERS')
  })
})

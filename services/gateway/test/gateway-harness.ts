import { randomInt, randomUUID } from 'node:crypto'
import { leadChangedV1 } from '@leadflow/contracts'
import { createPrismaAdapter } from '@leadflow/db'
import { createKafka, startGroupAt } from '@leadflow/kafka'
import { createConnections, createTestDatabase, testConfig } from '@leadflow/service'
import { createLogger, createMetrics } from '@leadflow/telemetry'
import { buildApp, type GatewayApp } from '../src/app.js'
import { configSchema } from '../src/config.js'
import { PrismaClient } from '../src/generated/prisma/client.js'

export const adminPassword = 'Bootstrap-admin-pass-42'

export interface Gateway {
  app: GatewayApp
  url: string
  db: PrismaClient
  config: ReturnType<typeof testConfig<typeof configSchema>>
  /** Unique per gateway: login lockouts in Redis are per e-mail, shared by every test run. */
  adminEmail: string
  stop(): Promise<void>
}

function migratedDatabase(baseUrl: string) {
  return createTestDatabase(new URL('..', import.meta.url), 'gateway', baseUrl)
}

/** A real gateway on a fresh migrated schema, the local Redis and Kafka; trusts 127.0.0.1 as a proxy. */
export async function startGateway(overrides: Record<string, string> = {}): Promise<Gateway> {
  const baseUrl = process.env.DATABASE_URL ?? 'postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow'
  const database = await migratedDatabase(baseUrl)
  const adminEmail = `admin-${randomUUID()}@leadflow.test`
  const logger = createLogger({ service: 'gateway', level: 'silent' })
  // Its read model follows the lead changes published from now on, not the shared topic's history.
  const groupId = `gateway-test-${randomUUID()}`
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')
  await startGroupAt(
    createKafka({ clientId: groupId, brokers, logger }),
    groupId,
    [leadChangedV1.topic],
    'end',
  )
  const config = testConfig(configSchema, process.env, {
    DATABASE_URL: database.url,
    BOOTSTRAP_ADMIN_EMAIL: adminEmail,
    BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
    TRUSTED_PROXIES: '127.0.0.1',
    PASSWORD_SCRYPT_COST: '12',
    GROUP_ID: groupId,
    ...overrides,
  })
  const db = new PrismaClient({
    adapter: createPrismaAdapter({ databaseUrl: config.DATABASE_URL, defaultSchema: database.schema }),
  })
  const app = await buildApp({
    config,
    logger,
    metrics: createMetrics({ service: 'gateway' }),
    db,
    connections: createConnections('gateway', config, logger),
  })
  const url = await app.start()
  return { app, url, db, config, adminEmail, stop: () => app.stop() }
}

/** A fresh client IP per test (sent through the trusted proxy), so throttles never collide. */
export function freshIp(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`
}

export interface Call {
  status: number
  headers: Headers
  body: any // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function client(url: string, ip = freshIp()) {
  return async function call(
    method: string,
    path: string,
    options: { body?: unknown; auth?: string; headers?: Record<string, string> } = {},
  ): Promise<Call> {
    const headers: Record<string, string> = { 'x-forwarded-for': ip, ...options.headers }
    if (options.auth) headers.authorization = options.auth
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    })
    const text = await response.text()
    return {
      status: response.status,
      headers: response.headers,
      body: text ? (JSON.parse(text) as unknown) : null,
    }
  }
}

export async function login(call: ReturnType<typeof client>, email: string, password = adminPassword) {
  const res = await call('POST', '/api/v1/auth/token', { body: { email, password } })
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as { accessToken: string; refreshToken: string; expiresIn: number; tokenType: string }
}

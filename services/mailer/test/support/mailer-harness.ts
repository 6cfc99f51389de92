import { randomUUID } from 'node:crypto'
import type { Contract } from '@leadflow/contracts'
import { sendEmailRequestedV1 } from '@leadflow/contracts'
import { createPrismaAdapter } from '@leadflow/db'
import { createConsumer, createKafka, createProducer, on, type EventProducer } from '@leadflow/kafka'
import { createConnections, createTestDatabase, testConfig, type ServiceApp } from '@leadflow/service'
import { createLogger, createMetrics } from '@leadflow/telemetry'
import { buildApp } from '../../src/app.js'
import { configSchema } from '../../src/config.js'
import { PrismaClient } from '../../src/generated/prisma/client.js'
import { waitFor } from './wait-for.js'

export const serviceToken = 'test-internal-token-0123456789'
const baseUrl = process.env.DATABASE_URL ?? 'postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow'

export const newDatabase = () => createTestDatabase(new URL('../..', import.meta.url), 'mailer', baseUrl)

export function newClient(url: string): PrismaClient {
  return new PrismaClient({
    adapter: createPrismaAdapter({ databaseUrl: url, defaultSchema: 'mailer', max: 3 }),
  })
}

export interface RunningMailer {
  app: ServiceApp
  url: string
  stop(): Promise<void>
  /** Internal API call with the service token. */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: ApiBody }>
}

/** The members tests read from the mailer's JSON answers (resources, lists, problems). */
export interface ApiBody {
  id: string
  status: string | number
  code: string
  email: string
  enabled: boolean
  disabledReason: string | null
  data: ApiBody[]
  nextCursor: string | null
  [member: string]: unknown
}

export async function startMailer(
  databaseUrl: string,
  overrides: Record<string, string>,
): Promise<RunningMailer> {
  const config = testConfig(configSchema, process.env, {
    DATABASE_URL: databaseUrl,
    INTERNAL_API_TOKEN: serviceToken,
    MAIL_RETRY_BASE_MS: '20',
    CAMPAIGN_TICK_MS: '100',
    LOG_LEVEL: 'silent',
    ...overrides,
  })
  const logger = createLogger({
    service: 'mailer',
    level: (process.env.MAILER_TEST_LOG ?? 'silent') as 'silent',
  })
  const app = await buildApp({
    config,
    logger,
    metrics: createMetrics({ service: 'mailer' }),
    db: newClient(databaseUrl),
    connections: createConnections('mailer', config, logger),
  })
  const url = await app.start()
  return {
    app,
    url,
    stop: () => app.stop(),
    async call(method, path, body) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${config.INTERNAL_API_TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await response.text()
      return { status: response.status, body: (text ? JSON.parse(text) : {}) as ApiBody }
    },
  }
}

export function testKafka() {
  return createKafka({
    clientId: `mailer-test-${randomUUID().slice(0, 8)}`,
    brokers: ['127.0.0.1:9092'],
    logger: createLogger({ service: 'mailer-test', level: 'silent' }),
  })
}

export async function testProducer(): Promise<EventProducer> {
  return createProducer(testKafka())
}

/**
 * A fresh consumer group starts at the end of its topics once it has joined: send probe requests
 * (to a suppressed address, so nothing is mailed) until the mailer has handled one.
 */
export async function waitUntilConsuming(db: PrismaClient, producer: EventProducer): Promise<void> {
  const probe = `probe-${randomUUID()}@suppressed.example.com`
  await db.suppression.create({ data: { email: probe, reason: 'manual' } })
  await waitFor(
    'the mailer consumer to join',
    async () => {
      const requestId = `probe-${randomUUID()}`
      await producer.send(sendEmailRequestedV1, {
        requestId,
        eventId: requestId,
        to: [probe],
        template: 'campaign',
        variables: {},
        accountId: null,
        campaignId: null,
        requestedAt: new Date(),
      })
      const deadline = Date.now() + 2_000
      while (Date.now() < deadline) {
        if ((await db.outboundMail.count({ where: { recipients: { has: probe } } })) > 0) return true
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      return false
    },
    60_000,
  )
}

export interface ConsumingMailer {
  db: PrismaClient
  mailer: RunningMailer
  producer: EventProducer
  /** Stops the mailer, then disconnects the producer and the database client. */
  stop(): Promise<void>
}

/**
 * A mailer on a fresh database with its own consumer group, a producer to send it requests and
 * a database client to check its effects; answers once the mailer is consuming.
 */
export async function startConsumingMailer(overrides: Record<string, string> = {}): Promise<ConsumingMailer> {
  const database = await newDatabase()
  const db = newClient(database.url)
  const mailer = await startMailer(database.url, { GROUP_ID: `mailer-test-${randomUUID()}`, ...overrides })
  const producer = await testProducer()
  const stop = async () => {
    await mailer.stop()
    await producer.disconnect()
    await db.$disconnect()
  }
  try {
    await waitUntilConsuming(db, producer)
  } catch (err) {
    await stop()
    throw err
  }
  return { db, mailer, producer, stop }
}

/** Reads a topic from the beginning with a fresh group, collecting the events `keep` accepts. */
export async function collectEvents<T>(contract: Contract<T>, keep: (event: T) => boolean) {
  const events: T[] = []
  const consumer = createConsumer(testKafka(), {
    groupId: `mailer-test-reader-${randomUUID()}`,
    fromBeginning: true,
    deadLetterTopic: false,
    logger: createLogger({ service: 'mailer-test', level: 'silent' }),
    handlers: [
      on(contract, (event) => {
        if (keep(event)) events.push(event)
        return Promise.resolve()
      }),
    ],
  })
  await consumer.start()
  return { events, stop: () => consumer.stop() }
}

import { randomUUID } from 'node:crypto'
import { contactUpsertedV1, type ContactUpsertedV1 } from '@leadflow/contracts'
import { createPrismaAdapter } from '@leadflow/db'
import { createConsumer, createKafka, on, type EventConsumer } from '@leadflow/kafka'
import { createConnections, createTestDatabase, testConfig } from '@leadflow/service'
import { createLogger, createMetrics } from '@leadflow/telemetry'
import { buildApp, type ContactsApp } from '../src/app.js'
import { configSchema } from '../src/config.js'
import { PrismaClient } from '../src/generated/prisma/client.js'

export const serviceToken = 'contacts-test-internal-token'
const baseUrl = process.env.DATABASE_URL ?? 'postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow'

export function createDb(databaseUrl: string): PrismaClient {
  return new PrismaClient({
    adapter: createPrismaAdapter({
      databaseUrl: databaseUrl,
      defaultSchema: 'contacts',
    }),
  })
}

export interface Harness {
  app: ContactsApp
  url: string
  databaseUrl: string
  /** A second client on the same schema, for assertions straight from the tables. */
  db: PrismaClient
  call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; type: string }>
  stop(): Promise<void>
}

/** A fresh schema of the contacts tables, migrated like production. */
export async function freshDatabase(): Promise<string> {
  return (await createTestDatabase(new URL('..', import.meta.url), 'contacts', baseUrl)).url
}

/** The contacts app on `databaseUrl`, built but not started. */
export function buildContacts(
  databaseUrl: string,
  overrides: Record<string, string> = {},
): Promise<ContactsApp> {
  const config = testConfig(configSchema, process.env, {
    DATABASE_URL: databaseUrl,
    INTERNAL_API_TOKEN: serviceToken,
    ...overrides,
  })
  const logger = createLogger({ service: 'contacts', level: 'warn' })
  return buildApp({
    config,
    logger,
    metrics: createMetrics({ service: 'contacts' }),
    db: createDb(databaseUrl),
    connections: createConnections('contacts', config, logger),
  })
}

/** The real contacts service on a fresh migrated schema, the local Kafka and Redis. */
export async function startHarness(overrides: Record<string, string> = {}): Promise<Harness> {
  const databaseUrl = await freshDatabase()
  const app = await buildContacts(databaseUrl, overrides)
  const url = await app.start()
  const db = createDb(databaseUrl)
  return {
    app,
    url,
    databaseUrl,
    db,
    async call<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${serviceToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? null : JSON.stringify(body),
      })
      const text = await response.text()
      return {
        status: response.status,
        type: response.headers.get('content-type') ?? '',
        body: (text.length > 0 ? JSON.parse(text) : null) as T,
      }
    },
    async stop() {
      await app.stop()
      await db.$disconnect()
    },
  }
}

/** Reads `contacts.contact.upserted.v1` from the start with a group of its own. */
export async function collectContactEvents(): Promise<{
  events: ContactUpsertedV1[]
  stop(): Promise<void>
}> {
  const logger = createLogger({ service: 'contacts-test', level: 'warn' })
  const kafka = createKafka({ clientId: 'contacts-test', brokers: ['127.0.0.1:9092'], logger })
  const events: ContactUpsertedV1[] = []
  const consumer: EventConsumer = createConsumer(kafka, {
    groupId: `contacts-test-${randomUUID()}`,
    logger,
    fromBeginning: true,
    deadLetterTopic: false,
    handlers: [on(contactUpsertedV1, (event) => void events.push(event))],
  })
  await consumer.start()
  return { events, stop: () => consumer.stop() }
}

/** Polls `check` until it returns a value other than undefined/false, or fails after the deadline. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeoutMs = 20_000,
): Promise<Exclude<T, false | undefined>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value as Exclude<T, false | undefined>
    if (Date.now() > deadline) throw new Error('condition not met before the deadline')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomUUID } from 'node:crypto'
import {
  callReceivedV1,
  fixtures,
  leadAssignedV1,
  leadChangedV1,
  leadCreatedV1,
  leadEscalatedV1,
  type LeadAssignedV1,
  type LeadCreatedV1,
  type LeadChangedV1,
  type LeadEscalatedV1,
} from '@leadflow/contracts'
import { createPrismaAdapter } from '@leadflow/db'
import {
  createConsumer,
  createKafka,
  createProducer,
  on,
  startGroupAt,
  type EventConsumer,
  type EventProducer,
} from '@leadflow/kafka'
import { createConnections, createTestDatabase, testConfig } from '@leadflow/service'
import { createLogger, createMetrics } from '@leadflow/telemetry'
import { buildApp as buildContacts } from '../../contacts/src/app.js'
import { configSchema as contactsConfigSchema } from '../../contacts/src/config.js'
import { PrismaClient as ContactsPrisma } from '../../contacts/src/generated/prisma/client.js'
import { buildApp, type LeadRouterApp } from '../src/app.js'
import { configSchema } from '../src/config.js'
import { PrismaClient } from '../src/generated/prisma/client.js'

export const baseUrl = process.env.DATABASE_URL ?? 'postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow'
export const token = 'insecure-test-internal-token'

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** A caller number no other test uses (UK drama range prefix + random digits). */
/**
 * A UK mobile number no other test uses. Every number in +44 78xx xxxxxx is valid; a range such as
 * +44 7911 is not, and a contact made from an invalid number has no E.164 to match a lead by.
 */
export const uniquePhone = (): string => `+4478${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`

/** A fresh schema with the service's migrations applied. */
async function migratedSchema(serviceDir: URL, service: string): Promise<string> {
  return (await createTestDatabase(serviceDir, service, baseUrl)).url
}

/** The real contacts service, in-process, on its own migrated schema. */
export async function startContacts() {
  const url = await migratedSchema(new URL('../../contacts/', import.meta.url), 'contacts')
  const config = testConfig(contactsConfigSchema, process.env, {
    DATABASE_URL: url,
    INTERNAL_API_TOKEN: token,
  })
  const logger = createLogger({ service: 'contacts', level: 'warn' })
  const app = await buildContacts({
    config,
    logger,
    metrics: createMetrics({ service: 'contacts' }),
    db: new ContactsPrisma({
      adapter: createPrismaAdapter({
        databaseUrl: url,
        defaultSchema: 'contacts',
      }),
    }),
    connections: createConnections('contacts', config, logger),
  })
  const address = await app.start()
  return { app, url: address }
}

/** A pass-through to contacts that can play an outage (answers 503 while `down`). */
export async function startContactsProxy(target: string) {
  const state = { down: false, refused: 0 }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      if (state.down) {
        state.refused++
        res
          .writeHead(503, { 'content-type': 'application/problem+json' })
          .end('{"status":503,"detail":"down"}')
        return
      }
      void fetch(new URL(req.url ?? '/', target), {
        method: req.method ?? 'GET',
        headers: { authorization: req.headers.authorization ?? '', 'content-type': 'application/json' },
        body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
      })
        .then(async (answer) => {
          res.writeHead(answer.status, {
            'content-type': answer.headers.get('content-type') ?? 'application/json',
          })
          res.end(Buffer.from(await answer.arrayBuffer()))
        })
        .catch(() => res.writeHead(502).end())
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export interface RouterOptions {
  databaseUrl: string
  contactsUrl: string
  groupId: string
  overrides?: Record<string, string>
  /** Reads CallReceived from this topic instead of the shared one. */
  callTopic?: string
}

export async function startRouter({
  databaseUrl,
  contactsUrl,
  groupId,
  overrides = {},
  callTopic,
}: RouterOptions) {
  const config = testConfig(configSchema, process.env, {
    DATABASE_URL: databaseUrl,
    CONTACTS_URL: contactsUrl,
    GROUP_ID: groupId,
    INTERNAL_API_TOKEN: token,
    SLA_TICK_MS: '100',
    OUTBOX_POLL_MS: '50',
    CONTACTS_RETRY_MAX_MS: '200',
    ...overrides,
  })
  const logger = createLogger({
    service: 'lead-router',
    level: process.env.BENCH_LOG_LEVEL === 'info' ? 'info' : 'silent',
  })
  const db = new PrismaClient({
    adapter: createPrismaAdapter({ databaseUrl: config.DATABASE_URL, defaultSchema: 'lead-router' }),
  })
  const metrics = createMetrics({ service: 'lead-router' })
  const app: LeadRouterApp = await buildApp({
    config,
    logger,
    metrics,
    db,
    connections: createConnections('lead-router', config, logger),
    ...(callTopic ? { callTopic } : {}),
  })
  const url = await app.start()
  return { app, url, db, metrics }
}

/**
 * Everything lead-router publishes from now on, read with a fresh group that starts at the current
 * end of its topics (their history on a long-lived broker can be far too long to replay).
 */
export async function startEventLog(
  kafka = createKafka({ clientId: 'lead-router-test', brokers: ['127.0.0.1:9092'], logger: quiet }),
) {
  const created: LeadCreatedV1[] = []
  const assigned: LeadAssignedV1[] = []
  const escalated: LeadEscalatedV1[] = []
  const changed: LeadChangedV1[] = []
  const groupId = `lead-router-test-log-${randomUUID()}`
  await startGroupAt(
    kafka,
    groupId,
    [leadCreatedV1.topic, leadAssignedV1.topic, leadEscalatedV1.topic, leadChangedV1.topic],
    'end',
  )
  const consumer: EventConsumer = createConsumer(kafka, {
    groupId,
    logger: quiet,
    deadLetterTopic: false,
    handlers: [
      on(leadCreatedV1, (event) => void created.push(event)),
      on(leadAssignedV1, (event) => void assigned.push(event)),
      on(leadEscalatedV1, (event) => void escalated.push(event)),
      on(leadChangedV1, (event) => void changed.push(event)),
    ],
  })
  await consumer.start()
  return { created, assigned, escalated, changed, stop: () => consumer.stop() }
}

export const quiet = createLogger({ service: 'lead-router-test', level: 'silent' })

export function testKafka() {
  return createKafka({
    clientId: `lead-router-test-${randomUUID()}`,
    brokers: ['127.0.0.1:9092'],
    logger: quiet,
  })
}

/** Sends probe calls until the router's consumer handles one, so later sends are not missed. */
export async function waitUntilConsuming(producer: EventProducer, db: PrismaClient): Promise<void> {
  const phone = uniquePhone()
  await waitFor(
    async () => {
      const probe = fixtures.callReceived({ callerE164: phone, callerRaw: phone })
      await producer.send(callReceivedV1, probe)
      return waitFor(
        () =>
          db.leadTouch.findUnique({ where: { sourceEventId: probe.eventId } }).then((t) => t ?? undefined),
        3_000,
      ).catch(() => undefined)
    },
    60_000,
    'the consumer to join its group',
  )
}

export async function newDatabase(): Promise<string> {
  return migratedSchema(new URL('..', import.meta.url), 'lead-router')
}

export { createProducer }

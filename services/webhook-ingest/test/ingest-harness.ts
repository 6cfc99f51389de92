import { randomUUID } from 'node:crypto'
import type { Contract } from '@leadflow/contracts'
import { createConsumer, on, type Kafka } from '@leadflow/kafka'
import { createConnections, createTestDatabase, testConfig, type Connections } from '@leadflow/service'
import { createLogger, createMetrics } from '@leadflow/telemetry'
import { buildApp } from '../src/app.js'
import { configSchema } from '../src/config.js'
import { PrismaClient } from '../src/generated/prisma/client.js'
import { createPrismaAdapter } from '@leadflow/db'

export const internalToken = 'integration-test-internal-token'
export const baseUrl = process.env.DATABASE_URL ?? 'postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow'

/** A fresh schema with this service's migrations applied. */
export async function freshDatabase(): Promise<string> {
  return (await createTestDatabase(new URL('..', import.meta.url), 'webhook-ingest', baseUrl)).url
}

export interface Ingest {
  url: string
  db: PrismaClient
  app: Awaited<ReturnType<typeof buildApp>>
  metrics: ReturnType<typeof createMetrics>
  connections: Connections
  stop(): Promise<void>
}

/** The real service on `databaseUrl`, with the real Redis and Kafka unless `connections` says otherwise. */
export async function startIngest(
  databaseUrl: string,
  overrides: Record<string, string> = {},
  makeConnections?: (config: ReturnType<typeof testConfig<typeof configSchema>>) => Connections,
): Promise<Ingest> {
  const config = testConfig(configSchema, process.env, {
    DATABASE_URL: databaseUrl,
    INTERNAL_API_TOKEN: internalToken,
    PROVIDER_SETTINGS_CACHE_MS: '200',
    // Rate-limit counters live in the shared Redis, per provider and address (127.0.0.1 here), so
    // other suites and local traffic count too; tests of the limit set one on a source of their own.
    WEBHOOK_RATE_LIMIT_PER_MIN: '1000000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...overrides,
  })
  const logger = createLogger({ service: 'webhook-ingest', level: config.LOG_LEVEL })
  const db = new PrismaClient({
    adapter: createPrismaAdapter({ databaseUrl: config.DATABASE_URL, defaultSchema: 'webhook-ingest' }),
  })
  const connections = makeConnections?.(config) ?? createConnections('webhook-ingest', config, logger)
  const metrics = createMetrics({ service: 'webhook-ingest' })
  const app = await buildApp({
    config,
    logger,
    metrics,
    db,
    connections,
    relayOptions: { pollMs: 100, retryMs: 100 },
  })
  const url = await app.start()
  return { url, db, app, metrics, connections, stop: () => app.stop() }
}

export async function putSettings(url: string, path: string, body: object): Promise<Response> {
  return fetch(`${url}/internal/v1/providers/${path}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${internalToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error('condition not met before the deadline')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * Waits while the current minute is about to end. Rate limits count per clock minute, so a test
 * that expects a 429 after N requests sends them inside one minute.
 */
export const awayFromMinuteEnd = () => waitFor(() => Date.now() % 60_000 < 50_000, 15_000)

/**
 * Reads `contract`'s topic with a fresh group from the moment it is assigned (resolves then),
 * keeping events whose id passes `keep`. Other people's messages on the shared topic are ignored.
 */
export async function collectEvents<T>(
  kafka: Kafka,
  contract: Contract<T>,
  keep: (eventId: string) => boolean,
) {
  const events: { event: T; eventId: string; key: string | undefined }[] = []
  const consumer = createConsumer(kafka, {
    groupId: `webhook-ingest-test-${randomUUID()}`,
    fromBeginning: false,
    deadLetterTopic: { partitions: 1 },
    logger: createLogger({ service: 'webhook-ingest-test', level: 'silent' }),
    handlers: [
      on(contract, (event, ctx) => {
        if (keep(ctx.eventId)) events.push({ event, eventId: ctx.eventId, key: ctx.key ?? undefined })
        return Promise.resolve()
      }),
    ],
  })
  await consumer.start()
  await waitFor(() => (consumer.assignment()[contract.topic]?.length ?? 0) > 0, 30_000)
  return { events, stop: () => consumer.stop() }
}

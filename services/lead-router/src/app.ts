import {
  callReceivedV1,
  contactUpsertedV1,
  emailReceivedV1,
  leadSubmittedV1,
  paymentReceivedV1,
} from '@leadflow/contracts'
import type { DeepReadonly } from '@leadflow/config'
import { createPgPool, schemaOf } from '@leadflow/db'
import { createHttpServer, requireServiceToken } from '@leadflow/http'
import {
  createConsumer,
  createProducer,
  on,
  onBatch,
  type BatchContext,
  type BatchItem,
  type EventProducer,
  type MessageContext,
} from '@leadflow/kafka'
import { createOutboxRelay, type OutboxRelay } from '@leadflow/outbox'
import { createServiceApp, standardReadiness, type Connections, type ServiceApp } from '@leadflow/service'
import type { Logger, Metrics } from '@leadflow/telemetry'
import type { z } from 'zod'
import { createContactsClient, type ContactsClient } from './clients/contacts.client.js'
import type { configSchema } from './config.js'
import { fromCall, fromEmail, fromForm, fromPayment, type InboundTouch } from './domain/inbound-touch.js'
import type { PrismaClient } from './generated/prisma/client.js'
import { onContactUpserted } from './handlers/contact-upserted.handler.js'
import { routeTouchBatch } from './handlers/route-touch-batch.handler.js'
import { routeTouch, type RouteTouchDeps } from './handlers/route-touch.handler.js'
import { internalRoutes } from './routes/internal.route.js'
import { createSlaLoop } from './sla/sla-loop.js'

export interface AppDeps {
  config: DeepReadonly<z.output<typeof configSchema>>
  logger: Logger
  metrics: Metrics
  db: PrismaClient
  connections: Connections
  /** Replaces the HTTP client of contacts (tests of contacts outages). */
  contacts?: ContactsClient
  /** Reads CallReceived from another topic (a benchmark's own backlog). */
  callTopic?: string
}

/** The running service plus handles tests use to drive it. */
export interface LeadRouterApp extends ServiceApp {
  /** Publishes every queued event now. */
  flushOutbox(): Promise<void>
  /** Fires every lapsed SLA timer now. */
  tickSla(): Promise<number>
}

export async function buildApp({
  config,
  logger,
  metrics,
  db,
  connections,
  contacts,
  callTopic,
}: AppDeps): Promise<LeadRouterApp> {
  const schema = schemaOf(config.DATABASE_URL, 'lead-router')
  const http = createHttpServer({
    service: 'lead-router',
    logger,
    metrics,
    readiness: standardReadiness(db, connections),
  })
  // The lead list, the API's busiest read, goes straight through pg (see lead-list.query.ts).
  const reads = createPgPool({ databaseUrl: config.DATABASE_URL, defaultSchema: 'lead-router', logger })
  let producer: EventProducer | undefined
  const relay: { current?: OutboxRelay } = {}
  const wake = (): void => relay.current?.wake()
  const sla = createSlaLoop({
    db,
    schema,
    logger,
    tickMs: config.SLA_TICK_MS,
    claimSeconds: config.SLA_CLAIM_SECONDS,
    onEventsQueued: wake,
  })
  const routeDeps: RouteTouchDeps = {
    db,
    schema,
    contacts:
      contacts ??
      createContactsClient({
        baseUrl: config.CONTACTS_URL,
        token: config.INTERNAL_API_TOKEN,
        defaultRegion: config.DEFAULT_PHONE_REGION,
        retryMaxMs: config.CONTACTS_RETRY_MAX_MS,
      }),
    defaults: {
      slaMinutes: config.DEFAULT_SLA_MINUTES,
      attachWindowMinutes: config.DEFAULT_ATTACH_WINDOW_MINUTES,
    },
    onEventsQueued: wake,
  }
  const route =
    <T>(toTouch: (event: T) => InboundTouch) =>
    async (event: T, ctx: MessageContext): Promise<void> => {
      await routeTouch(toTouch(event), routeDeps, ctx)
    }
  // A backlog is drained many touches per transaction; a failing batch falls back to `route`.
  const routeMany =
    <T>(toTouch: (event: T) => InboundTouch) =>
    async (items: readonly BatchItem<T>[], ctx: BatchContext): Promise<void> => {
      const outcomes = await routeTouchBatch(
        items.map((item) => toTouch(item.event)),
        routeDeps,
        ctx,
      )
      ctx.log.info({ touches: items.length, ...outcomes }, 'touches routed')
    }
  const calls = callTopic ? { ...callReceivedV1, topic: callTopic } : callReceivedV1
  const consumer = createConsumer(connections.kafka, {
    groupId: config.GROUP_ID,
    fromBeginning: config.KAFKA_OFFSET_RESET === 'earliest',
    partitionsConcurrently: config.PARTITIONS_CONCURRENTLY,
    logger,
    registry: metrics.registry,
    handlers: [
      onBatch(calls, routeMany(fromCall), { each: route(fromCall) }),
      onBatch(emailReceivedV1, routeMany(fromEmail), { each: route(fromEmail) }),
      onBatch(leadSubmittedV1, routeMany(fromForm), { each: route(fromForm) }),
      on(paymentReceivedV1, route(fromPayment)),
      on(contactUpsertedV1, (event, ctx) => onContactUpserted(event, { db, onEventsQueued: wake }, ctx)),
    ],
  })

  await http.register(
    (internal, _opts, done) => {
      internal.addHook('onRequest', requireServiceToken(config.INTERNAL_API_TOKEN))
      internalRoutes(internal, { db, reads, schema, onEventsQueued: wake })
      done()
    },
    { prefix: '/internal/v1' },
  )

  const app = createServiceApp({
    http,
    host: config.HOST,
    port: config.PORT,
    logger,
    connections,
    db,
    async onStart() {
      producer = await createProducer(connections.kafka, { logger })
      relay.current = createOutboxRelay({
        db,
        producer,
        logger,
        registry: metrics.registry,
        pollMs: config.OUTBOX_POLL_MS,
      })
      relay.current.start()
      sla.start()
      await consumer.start()
    },
    async onStop() {
      await consumer.stop()
      await sla.stop()
      await relay.current?.stop()
      await producer?.disconnect()
      await reads.end()
    },
  })
  return {
    ...app,
    async flushOutbox() {
      await relay.current?.flush()
    },
    tickSla: () => sla.tick(),
  }
}

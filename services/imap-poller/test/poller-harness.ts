import { randomBytes } from 'node:crypto'
import {
  emailReceivedV1,
  sendEmailRequestedV1,
  type EmailReceivedV1,
  type SendEmailRequestedV1,
} from '@leadflow/contracts'
import { createPrismaAdapter } from '@leadflow/db'
import { createConsumer, createKafka, on, type EventConsumer } from '@leadflow/kafka'
import { createConnections, createTestDatabase, testConfig, type ServiceApp } from '@leadflow/service'
import { createLogger, createMetrics, type Metrics } from '@leadflow/telemetry'
import { ImapFlow } from 'imapflow'
import { buildApp } from '../src/app.js'
import { configSchema } from '../src/config.js'
import { PrismaClient } from '../src/generated/prisma/client.js'
import { startDovecot, type DovecotServer } from './dovecot-server.js'

export const internalToken = 'insecure-test-internal-api-token'

/** Settings that make the poller react within a fraction of a second in tests. */
export const fastPolling = {
  IMAP_POLL_INTERVAL_MS: '200',
  IMAP_MAILBOX_REFRESH_MS: '200',
  IMAP_RECONNECT_INITIAL_MS: '50',
  IMAP_RECONNECT_MAX_MS: '200',
  IMAP_LEASE_TTL_MS: '3000',
  IMAP_CONNECT_TIMEOUT_MS: '5000',
  INTERNAL_API_TOKEN: internalToken,
}

/** A fresh schema with this service's migrations, for one test file. */
export async function freshDatabaseUrl(): Promise<string> {
  const base = process.env.DATABASE_URL ?? 'postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow'
  return (await createTestDatabase(new URL('..', import.meta.url), 'imap-poller', base)).url
}

export interface RunningPoller {
  app: ServiceApp
  url: string
  db: PrismaClient
  metrics: Metrics
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>
}

export async function startPoller(
  databaseUrl: string,
  overrides: Record<string, string> = {},
): Promise<RunningPoller> {
  const config = testConfig(configSchema, process.env, {
    ...fastPolling,
    DATABASE_URL: databaseUrl,
    ...overrides,
  })
  const logger = createLogger({
    service: 'imap-poller',
    level: (process.env.TEST_LOG_LEVEL as 'debug' | undefined) ?? 'silent',
  })
  const metrics = createMetrics({ service: 'imap-poller' })
  const db = new PrismaClient({
    adapter: createPrismaAdapter({ databaseUrl: config.DATABASE_URL, defaultSchema: 'imap-poller' }),
  })
  const app = await buildApp({
    config,
    logger,
    metrics,
    db,
    connections: createConnections('imap-poller', config, logger),
  })
  const url = await app.start()
  return {
    app,
    url,
    db,
    metrics,
    async api(method, path, body) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${internalToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await response.text()
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null }
    },
  }
}

/** Reads EmailReceived and SendEmailRequested with a fresh consumer group of its own. */
export interface EventLog {
  emails: EmailReceivedV1[]
  alerts: SendEmailRequestedV1[]
  stop(): Promise<void>
}

export async function collectEvents(): Promise<EventLog> {
  const logger = createLogger({ service: 'imap-poller-test', level: 'silent' })
  const kafka = createKafka({ clientId: 'imap-poller-test', brokers: ['127.0.0.1:9092'], logger })
  const emails: EmailReceivedV1[] = []
  const alerts: SendEmailRequestedV1[] = []
  const consumer: EventConsumer = createConsumer(kafka, {
    groupId: `imap-poller-test-${randomBytes(6).toString('hex')}`,
    logger,
    fromBeginning: true,
    deadLetterTopic: false,
    handlers: [
      on(emailReceivedV1, (event) => void emails.push(event)),
      on(sendEmailRequestedV1, (event) => void alerts.push(event)),
    ],
  })
  await consumer.start()
  return { emails, alerts, stop: () => consumer.stop() }
}

/** What a poller under test works with: a real dovecot, a fresh database and the events it publishes. */
export interface PollerEnvironment {
  dovecot: DovecotServer
  databaseUrl: string
  events: EventLog
  stop(): Promise<void>
}

export async function startPollerEnvironment(
  users: Record<string, string>,
  dovecotConfig: readonly string[] = [],
): Promise<PollerEnvironment> {
  const dovecot = await startDovecot(users, dovecotConfig)
  try {
    const databaseUrl = await freshDatabaseUrl()
    const events = await collectEvents()
    return {
      dovecot,
      databaseUrl,
      events,
      async stop() {
        await events.stop()
        await dovecot.stop()
      },
    }
  } catch (err) {
    await dovecot.stop()
    throw err
  }
}

/** Watches `user`'s mailbox on `dovecot` (password `secret`, plain IMAP) through the internal API. */
export async function addMailbox(
  poller: RunningPoller,
  dovecot: DovecotServer,
  user: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const created = await poller.api('POST', '/internal/v1/mailboxes', {
    name: `${user}-${uniqueId()}`,
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    username: user,
    password: 'secret',
    ...extra,
  })
  if (created.status !== 201)
    throw new Error(`mailbox not created: ${created.status} ${JSON.stringify(created.body)}`)
  return (created.body as { id: string }).id
}

/** Polls `probe` until it returns a truthy value, failing after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  what: string,
  timeoutMs = 20_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The one EmailReceived carrying `messageId`, once it arrived. */
export function waitForEmail(
  events: EventLog,
  messageId: string,
  what: string,
  timeoutMs = 20_000,
): Promise<EmailReceivedV1> {
  return waitFor(() => events.emails.find((event) => event.messageId === messageId), what, timeoutMs)
}

export function imapClient(server: DovecotServer, user: string, pass = 'secret'): ImapFlow {
  return new ImapFlow({
    host: server.host,
    port: server.port,
    secure: false,
    auth: { user, pass },
    logger: false,
  })
}

/** Appends a plain message (CRLF lines) to `folder` as `user`. */
export async function appendMessage(
  server: DovecotServer,
  user: string,
  folder: string,
  message: {
    from: string
    subject: string
    body?: string
    messageId?: string
    headers?: Record<string, string>
  },
): Promise<void> {
  const lines = [
    `From: ${message.from}`,
    `To: ${user}`,
    `Subject: ${message.subject}`,
    `Date: ${new Date().toUTCString()}`,
    ...(message.messageId ? [`Message-ID: ${message.messageId}`] : []),
    ...Object.entries(message.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    'Content-Type: text/plain; charset=utf-8',
    '',
    message.body ?? 'Hello, I would like a quote.',
    '',
  ]
  const client = imapClient(server, user)
  await client.connect()
  try {
    await client.append(folder, lines.join('\r\n'))
  } finally {
    await client.logout()
  }
}

export function uniqueId(): string {
  return randomBytes(6).toString('hex')
}

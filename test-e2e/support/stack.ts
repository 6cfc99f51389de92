import { randomBytes } from 'node:crypto'
import { createE2eDatabase, serviceSchemas, type ServiceName } from './database.js'
import { startDovecot, type Dovecot } from './dovecot.js'
import { e2eGroups, e2eKafka, removeGroups, startGroupsAtTopicEnds, type E2eGroups } from './kafka-groups.js'
import { freePort, startService, waitReady, type ServiceProcess } from './processes.js'
import { startSmtpPeer, type SmtpPeer } from './smtp-peer.js'

/** Everything one suite run starts, and how to reach it. */
export interface Stack {
  /** Unique per run; part of every id, phone and address the flows use. */
  run: string
  services: Record<ServiceName, ServiceProcess>
  gatewayUrl: string
  ingestUrl: string
  admin: { email: string; password: string }
  smtp: SmtpPeer
  dovecot: Dovecot
  mailbox: { user: string; password: string }
  groups: E2eGroups
  kafkaBrokers: string[]
  stop(): Promise<void>
}

const env = process.env

/**
 * The whole system on the running Kafka, Postgres and Redis, isolated from other tests: a fresh
 * database, its own Redis DB index, its own consumer groups; plus a real dovecot and SMTP peer.
 */
export async function startStack(): Promise<Stack> {
  const run = randomBytes(4).toString('hex')
  const cleanups: (() => Promise<unknown>)[] = []
  const stop = async (): Promise<void> => {
    const errors: unknown[] = []
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => errors.push(err))
    cleanups.length = 0
    if (errors.length > 0) {
      const reasons = errors.map((err) => (err instanceof Error ? err.message : String(err)))
      throw new AggregateError(errors, `the stack did not stop cleanly: ${reasons.join('; ')}`)
    }
  }
  try {
    const kafkaBrokers = (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim())
    const kafka = e2eKafka(kafkaBrokers)
    const groups = e2eGroups(run)
    cleanups.push(() => removeGroups(kafka, groups))
    await startGroupsAtTopicEnds(kafka, groups)

    const db = await createE2eDatabase(
      env.DATABASE_URL ?? 'postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow',
    )
    cleanups.push(() => db.drop())
    const redis = new URL(env.REDIS_URL ?? 'redis://127.0.0.1:6379')
    redis.pathname = `/${env.E2E_REDIS_DB ?? '9'}`

    const smtp = await startSmtpPeer()
    cleanups.push(() => smtp.close())
    const mailbox = { user: `leads-${run}@e2e.test`, password: `imap-${run}` }
    const dovecot = await startDovecot({ [mailbox.user]: mailbox.password })
    cleanups.push(() => dovecot.stop())

    const names = Object.keys(serviceSchemas) as ServiceName[]
    const ports = Object.fromEntries(
      await Promise.all(names.map(async (name) => [name, await freePort()] as const)),
    ) as Record<ServiceName, number>
    const url = (name: ServiceName): string => `http://127.0.0.1:${ports[name]}`
    const internalToken = `e2e-internal-${randomBytes(16).toString('hex')}`
    const admin = { email: `admin-${run}@e2e.test`, password: `e2e-admin-${run}-password` }
    const shared = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      KAFKA_BROKERS: kafkaBrokers.join(','),
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      DATABASE_URL: db.url,
      REDIS_URL: redis.toString(),
      INTERNAL_API_TOKEN: internalToken,
    }
    const perService: Record<ServiceName, Record<string, string>> = {
      gateway: {
        BOOTSTRAP_ADMIN_EMAIL: admin.email,
        BOOTSTRAP_ADMIN_PASSWORD: admin.password,
        PASSWORD_SCRYPT_COST: '12',
        RATE_LIMIT_AUTHENTICATED: '100000',
        CONTACTS_URL: url('contacts'),
        LEAD_ROUTER_URL: url('lead-router'),
        WEBHOOK_INGEST_URL: url('webhook-ingest'),
        MAILER_URL: url('mailer'),
        IMAP_POLLER_URL: url('imap-poller'),
      },
      'webhook-ingest': { GROUP_ID: groups['webhook-ingest'], PROVIDER_SETTINGS_CACHE_MS: '500' },
      contacts: {},
      'lead-router': {
        GROUP_ID: groups['lead-router'],
        CONTACTS_URL: url('contacts'),
        SLA_TICK_MS: '500',
        OUTBOX_POLL_MS: '200',
      },
      mailer: {
        GROUP_ID: groups.mailer,
        USERS_URL: url('gateway'),
        SMTP_URL: smtp.url,
        SMTP_TIMEOUT_MS: '5000',
        MAIL_RETRY_ATTEMPTS: '2',
        MAIL_RETRY_BASE_MS: '100',
      },
      'imap-poller': {
        IMAP_POLL_INTERVAL_MS: '1000',
        IMAP_MAILBOX_REFRESH_MS: '500',
        IMAP_RECONNECT_INITIAL_MS: '200',
        IMAP_RECONNECT_MAX_MS: '2000',
      },
    }
    const services = {} as Record<ServiceName, ServiceProcess>
    for (const name of names) {
      const service = startService(name, ports[name], { ...shared, ...perService[name] })
      services[name] = service
      cleanups.push(() => service.stop())
    }
    await Promise.all(names.map((name) => waitReady(services[name])))
    return {
      run,
      services,
      gatewayUrl: url('gateway'),
      ingestUrl: url('webhook-ingest'),
      admin,
      smtp,
      dovecot,
      mailbox,
      groups,
      kafkaBrokers,
      stop,
    }
  } catch (err) {
    await stop().catch(() => undefined)
    throw err
  }
}

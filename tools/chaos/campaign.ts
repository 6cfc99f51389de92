import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { createKafka, Failpoints } from '@leadflow/kafka'
import { createLogger } from '@leadflow/telemetry'
import { createE2eDatabase } from '../../test-e2e/support/database.js'
import { configureProviders } from '../src/simulate/configure.js'
import { devSecrets } from '../src/simulate/options.js'
import { createPacer } from '../src/simulate/pacer.js'
import { createRandom, type Random } from '../src/simulate/random.js'
import { freePortBlock } from '../test/stack.js'
import { drain, verdict, type Verdict } from './check.js'
import { startCluster, type Cluster } from './cluster.js'
import { inject, planFaults, type FaultDeps } from './faults.js'
import { createLedger, type Ledger } from './ledger.js'
import { createSender, type Sender } from './sender.js'
import { createSupervisor, type Replica, type Supervisor } from './supervisor.js'
import { inboundSource, planEvents, type CallEvent } from './traffic.js'

export interface CampaignOptions {
  events: number
  seed: number
  /** New events per second. */
  rate: number
  /** Most events being delivered at once. */
  concurrency: number
  /** Scheduled faults (at least one of each kind). */
  faults: number
  /** Probability of each crash point firing on its own, per pass (0: only when scheduled). */
  background: number
  /** Keep the campaign's data and logs directory afterwards. */
  keep: boolean
  log: (line: string) => void
}

export interface Summary {
  seed: number
  events: number
  redeliveries: number
  duplicatePairs: number
  redeliveriesAfterRedisLoss: number
  requests: number
  unknownOutcomes: number
  /** Faults by kind: scheduled ones and every replica death with its cause. */
  faults: Record<string, number>
  /** Unplanned replica crashes, each with its last words. */
  crashes: string[]
  drained: boolean
  verdict: Verdict
  refused: string[]
  wallSeconds: number
  home: string | undefined
}

const routerGroup = 'lead-router'

interface Services {
  supervisor: Supervisor
  ingest: Replica[]
  routers: Replica[]
}

async function startServices(cluster: Cluster, databaseUrl: string, token: string, background: number) {
  const supervisor = createSupervisor()
  const shared = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    KAFKA_BROKERS: cluster.brokers.join(','),
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: cluster.redisUrl,
    INTERNAL_API_TOKEN: token,
  }
  // Replicas are restarted on their ports: take them below the ephemeral range.
  const port = await freePortBlock(5)
  const contacts = supervisor.add('contacts', 'contacts', port, shared)
  const ingestEnv = {
    ...shared,
    PROVIDER_SETTINGS_CACHE_MS: '500',
    LEADFLOW_FAILPOINTS: background > 0 ? `${Failpoints.outboxAfterBrokerAck}=${background}` : '',
  }
  const routerEnv = {
    ...shared,
    GROUP_ID: routerGroup,
    // The production default, whatever the caller's environment says: a partition the group has
    // never committed on is read from its start, so a replica dying before its first commit loses nothing.
    KAFKA_OFFSET_RESET: 'earliest',
    CONTACTS_URL: contacts.url,
    CONTACTS_RETRY_MAX_MS: '2000',
    OUTBOX_POLL_MS: '200',
    LEADFLOW_FAILPOINTS: background > 0 ? `${Failpoints.consumerBeforeOffsetCommit}=${background}` : '',
  }
  const services: Services = {
    supervisor,
    ingest: [1, 2].map((n) => supervisor.add(`ingest-${n}`, 'webhook-ingest', port + n, ingestEnv)),
    routers: [1, 2].map((n) => supervisor.add(`router-${n}`, 'lead-router', port + 2 + n, routerEnv)),
  }
  await supervisor.start()
  return services
}

interface Traffic {
  redeliveries: number
  pairs: number
}

/** Sends every event at `rate`, redelivers some later, and pairs some across both replicas. */
async function sendAll(events: readonly CallEvent[], sender: Sender, options: CampaignOptions, r: Random) {
  const pacer = createPacer(options.rate, options.concurrency)
  const traffic: Traffic = { redeliveries: 0, pairs: 0 }
  const later: Promise<void>[] = []
  const running: Promise<void>[] = []
  for (const [i, event] of events.entries()) {
    await pacer.wait(i)
    if (event.pair) traffic.pairs++
    const first = event.pair
      ? Promise.all([sender.deliver(event, 0), sender.deliver(event, 1)])
      : sender.deliver(event)
    running.push(first.then(() => pacer.release()))
    if (event.redelivered) {
      traffic.redeliveries++
      const delayMs = r.int(500, 20_000)
      later.push(first.then(() => sleep(delayMs)).then(() => sender.deliver(event)))
    }
  }
  await Promise.all([...running, ...later])
  return traffic
}

/** Injects the planned faults one after another while the traffic runs. */
async function runFaults(
  deps: FaultDeps,
  plan: ReturnType<typeof planFaults>,
  counts: Record<string, number>,
) {
  const start = Date.now()
  for (const fault of plan) {
    const wait = start + fault.atMs - Date.now()
    if (wait > 0) await sleep(wait)
    await inject(fault, deps)
    counts[fault.kind] = (counts[fault.kind] ?? 0) + 1
  }
}

export async function runCampaign(options: CampaignOptions): Promise<Summary> {
  const started = Date.now()
  const r = createRandom(options.seed)
  const events = planEvents(r, options.events)
  const log = options.log
  log(
    `seed ${options.seed}: ${options.events} events at ${options.rate}/s, ${options.faults} scheduled faults`,
  )
  const cluster = await startCluster()
  log(
    `infrastructure up in ${cluster.home}: Kafka ${cluster.brokers.join(',')}, ${cluster.serverUrl}, ${cluster.redisUrl}`,
  )
  const kafka = createKafka({
    clientId: 'leadflow-chaos',
    brokers: cluster.brokers,
    logger: createLogger({ service: 'chaos', level: 'silent' }),
    logLevel: 'error',
  })
  let services: Services | undefined
  let failed = true
  try {
    const db = await createE2eDatabase(cluster.serverUrl)
    const sql = (query: string) => cluster.sql(db.name, query)
    const token = `chaos-internal-${randomBytes(16).toString('hex')}`
    services = await startServices(cluster, db.url, token, options.background)
    const ingestUrls = services.ingest.map((replica) => replica.url)
    await configureProviders({
      ingestUrl: ingestUrls[0] ?? '',
      internalToken: token,
      inboundSource,
      secrets: devSecrets,
    })
    log('services ready: contacts, 2 × webhook-ingest, 2 × lead-router')

    const ledger: Ledger = createLedger()
    const sendMs = (options.events / options.rate) * 1000
    const sender = createSender({
      ledger,
      ingestUrls,
      targets: { inboundSource, secrets: devSecrets },
      giveUpAt: Date.now() + sendMs + 300_000,
    })
    const scheduled: Record<string, number> = {}
    let afterRedisLoss = 0
    const redeliverAcked = async (): Promise<void> => {
      const acked = events.filter((event) => ledger.entries.get(event.id)?.acked)
      const again = Array.from({ length: Math.min(50, acked.length) }, () => r.pick(acked))
      afterRedisLoss += again.length
      await Promise.all(again.map((event) => sender.deliver(event)))
    }
    const faultDeps: FaultDeps = {
      r: createRandom(options.seed ^ 0x5eed),
      cluster,
      kafka,
      supervisor: services.supervisor,
      ingest: services.ingest,
      routers: services.routers,
      afterRedisLoss: redeliverAcked,
      log: (line) => log(`fault: ${line}`),
    }
    const plan = planFaults(createRandom(options.seed ^ 0xfa17), sendMs, options.faults)
    const [sent] = await Promise.all([
      sendAll(events, sender, options, r),
      runFaults(faultDeps, plan, scheduled),
    ])
    log(`sending done after ${Math.round((Date.now() - started) / 1000)} s; healing and draining`)

    await cluster.startBrokers()
    await services.supervisor.ready(180_000)
    const drained = await drain(sql, kafka, routerGroup, 300_000)
    const result = await verdict(sql, ledger)
    const faults = { ...scheduled }
    for (const [death, n] of Object.entries(services.supervisor.deaths())) faults[death] = n
    const entries = [...ledger.entries.values()]
    failed = !drained.drained || result.lost.length + result.duplicated.length + result.phantom.length > 0
    return {
      seed: options.seed,
      events: options.events,
      redeliveries: sent.redeliveries,
      duplicatePairs: sent.pairs,
      redeliveriesAfterRedisLoss: afterRedisLoss,
      requests: entries.reduce((sum, e) => sum + e.requests, 0),
      unknownOutcomes: entries.reduce((sum, e) => sum + e.unknownOutcomes, 0),
      faults,
      crashes: services.supervisor.crashes(),
      drained: drained.drained,
      verdict: result,
      refused: ledger.refused,
      wallSeconds: Math.round((Date.now() - started) / 1000),
      home: options.keep || failed ? cluster.home : undefined,
    }
  } finally {
    await services?.supervisor.stop()
    await cluster.down(options.keep || failed)
  }
}

import { failpoint, Failpoints, type EncodedEvent, type EventProducer } from '@leadflow/kafka'
import { Counter, Gauge, type Registry } from 'prom-client'
import { createRelayWaker } from './relay-waker.js'

/** What the relay needs of a service's Prisma client (every generated client has these). */
export interface OutboxDb {
  $transaction<R>(
    fn: (tx: OutboxTx) => Promise<R>,
    options?: { timeout?: number; maxWait?: number },
  ): Promise<R>
  $queryRawUnsafe<R = unknown>(query: string, ...values: unknown[]): Promise<R>
}
export interface OutboxTx {
  $queryRawUnsafe<R = unknown>(query: string, ...values: unknown[]): Promise<R>
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>
}

interface RelayLogger {
  warn(obj: object, msg: string): void
  debug(obj: object, msg: string): void
}

export interface OutboxRelayOptions {
  db: OutboxDb
  producer: Pick<EventProducer, 'sendEncoded'>
  logger: RelayLogger
  registry?: Registry
  /** Rows published per round trip (default 500). */
  batchSize?: number
  /** How often pending rows are looked for without a wake-up (default 250 ms). */
  pollMs?: number
  /** Backoff after a failed publish, doubling up to 10 s (default 200 ms). */
  retryMs?: number
  /**
   * After a wake-up, wait this long before publishing, so the rows of many commits go to Kafka in
   * one request and one delete (default 0: publish at once). Delays delivery, not the commit.
   */
  lingerMs?: number
  table?: string
}

export interface OutboxRelay {
  start(): void
  /** Publish soon: call after a transaction that wrote outbox rows commits. */
  wake(): void
  /** Publishes everything pending now; resolves with the number of rows published. */
  flush(): Promise<number>
  depth(): Promise<number>
  stop(): Promise<void>
}

interface Row {
  id: bigint
  topic: string
  key: string
  value: Uint8Array
  headers: Record<string, string>
}

// One relay per table works at a time across replicas, so records of one key keep their order.
const lockKey = (table: string) => `leadflow-outbox:${table}`

/**
 * Publishes a service's transactional outbox to Kafka: rows in id order, acks=all, deleted in
 * the same transaction once the broker acknowledged them. A crash after the publish and before
 * the delete commits publishes those rows again; consumers are idempotent by `event-id`.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, producer, logger, registry, batchSize = 500, pollMs = 250, retryMs = 200 } = options
  const lingerMs = options.lingerMs ?? 0
  const table = options.table ?? 'outbox'
  let running = false
  let loop: Promise<void> | undefined
  let waker = createRelayWaker()
  let publishing: Promise<number> = Promise.resolve(0)

  const published = registry
    ? ((registry.getSingleMetric('outbox_published_total') as Counter<'topic'> | undefined) ??
      new Counter({
        name: 'outbox_published_total',
        help: 'Outbox events published to Kafka, by topic (e.g. leads.lead.created.v1)',
        labelNames: ['topic'],
        registers: [registry],
      }))
    : undefined

  if (registry) {
    new Gauge({
      name: 'outbox_depth',
      help: 'Outbox rows not yet published to Kafka',
      registers: [registry],
      collect: async function (this: Gauge) {
        this.set(await depth().catch(() => -1))
      },
    })
  }

  async function depth(): Promise<number> {
    const [row] = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${table}"`)
    return Number(row?.n ?? 0)
  }

  async function publishBatch(): Promise<number> {
    const topics = await db.$transaction(
      async (tx) => {
        const [lock] = await tx.$queryRawUnsafe<{ locked: boolean }[]>(
          // Per schema: every service keeps its own outbox in its own schema of the same database.
          "SELECT pg_try_advisory_xact_lock(hashtext($1 || ':' || current_schema())) AS locked",
          lockKey(table),
        )
        if (!lock?.locked) return []
        const rows = await tx.$queryRawUnsafe<Row[]>(
          `SELECT id, topic, key, value, headers FROM "${table}" ORDER BY id LIMIT $1`,
          batchSize,
        )
        if (rows.length === 0) return []
        const records: EncodedEvent[] = rows.map((row) => ({
          topic: row.topic,
          key: row.key,
          value: Buffer.from(row.value),
          headers: row.headers,
        }))
        await producer.sendEncoded(records)
        failpoint(Failpoints.outboxAfterBrokerAck)
        const ids = rows.map((row) => row.id)
        await tx.$executeRawUnsafe(`DELETE FROM "${table}" WHERE id = ANY($1::bigint[])`, ids)
        return rows.map((row) => row.topic)
      },
      { timeout: 60_000, maxWait: 10_000 },
    )
    // Counted once the delete committed, so a batch published again after a crash counts again.
    for (const topic of topics) published?.inc({ topic })
    return topics.length
  }

  /** Publishes until the table is empty (or another replica holds the lock). Serialised. */
  function flush(): Promise<number> {
    publishing = publishing.then(async () => {
      let total = 0
      for (;;) {
        const n = await publishBatch()
        total += n
        if (n < batchSize) return total
      }
    })
    return publishing
  }

  async function run(): Promise<void> {
    let failures = 0
    while (running) {
      waker.reset()
      try {
        const published = await flush()
        if (published > 0) logger.debug({ published }, 'outbox published')
        failures = 0
        await waker.sleep(pollMs)
        if (lingerMs > 0 && waker.woken()) await waker.linger(lingerMs)
      } catch (err) {
        failures += 1
        const wait = Math.min(retryMs * 2 ** (failures - 1), 10_000)
        logger.warn({ err, failures, retryInMs: wait }, 'outbox publish failed, retrying')
        publishing = Promise.resolve(0)
        await waker.sleep(wait)
      }
    }
  }

  return {
    start() {
      if (running) return
      running = true
      waker = createRelayWaker()
      loop = run()
    },
    wake() {
      waker.wake()
    },
    flush,
    depth,
    async stop() {
      running = false
      waker.cancel()
      await loop
      await publishing.catch(() => 0)
    },
  }
}

import type { OutboxDb, OutboxTx } from './outbox-relay.js'

interface PgResult {
  rows: unknown[]
  rowCount: number | null
}
interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<PgResult>
}
/** The part of a `pg.Pool` the relay uses. */
export interface PgPoolLike extends PgQueryable {
  connect(): Promise<PgClientLike>
}
interface PgClientLike extends PgQueryable {
  release(destroy?: boolean): void
  on(event: 'error', listener: (err: Error) => void): unknown
  off(event: 'error', listener: (err: Error) => void): unknown
}

/**
 * The relay's view of a database over a plain `pg` pool, for a service that keeps a pool of its
 * own next to Prisma: each publish is one BEGIN … COMMIT on one connection, nothing more.
 */
export function pgOutboxDb(pool: PgPoolLike): OutboxDb {
  const query = async <R>(client: PgQueryable, text: string, values: unknown[]) =>
    (await client.query(text, values)).rows as R
  return {
    $queryRawUnsafe: (text, ...values) => query(pool, text, values),
    async $transaction(fn) {
      const client = await pool.connect()
      let failed = false
      // The connection is held while the broker is awaited; if Postgres drops it meanwhile, pg
      // emits 'error' on the client, which would end the process unless someone listens. The
      // next statement then fails, the transaction rolls back, and the relay retries.
      let lost: Error | undefined
      const onError = (err: Error): void => {
        lost ??= err
      }
      client.on('error', onError)
      try {
        await client.query('BEGIN')
        const tx: OutboxTx = {
          $queryRawUnsafe: (text, ...values) => query(client, text, values),
          $executeRawUnsafe: async (text, ...values) => (await client.query(text, values)).rowCount ?? 0,
        }
        const result = await fn(tx)
        await client.query('COMMIT')
        return result
      } catch (err) {
        failed = true
        await client.query('ROLLBACK').catch(() => undefined)
        throw err
      } finally {
        client.off('error', onError)
        // A connection that saw an error may be broken: the pool replaces it.
        client.release(failed || lost !== undefined)
      }
    },
  }
}

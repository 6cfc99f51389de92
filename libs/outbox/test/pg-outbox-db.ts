import type pg from 'pg'
import type { OutboxDb, OutboxTx } from '../src/index.js'

/** The relay's view of a database, over plain `pg` — what a Prisma client offers, for this lib's tests. */
export function pgOutboxDb(pool: pg.Pool): OutboxDb {
  const query = async <R>(client: pg.Pool | pg.PoolClient, text: string, values: unknown[]) =>
    (await client.query(text, values)).rows as R
  return {
    $queryRawUnsafe: (text, ...values) => query(pool, text, values),
    async $transaction(fn) {
      const client = await pool.connect()
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
        await client.query('ROLLBACK')
        throw err
      } finally {
        client.release()
      }
    },
  }
}

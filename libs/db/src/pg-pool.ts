import pg from 'pg'
import { serviceConnection } from './database-url.js'

export interface PgPoolOptions {
  databaseUrl: string
  /** The service's schema when the URL names none; unqualified table names resolve there. */
  defaultSchema: string
  /** Pool size (default 5). */
  max?: number
  /** Where a lost idle connection is reported. */
  logger: { warn(fields: object, msg: string): void }
}

/** What a hot path needs of Postgres: one parameterised statement. */
export interface Queryable {
  /** With a `name`, the statement is prepared once per connection and reused (no parse or plan). */
  query<R extends object>(sql: string, params: unknown[], name?: string): Promise<{ rows: R[] }>
}

export interface PgPool extends Queryable {
  /** The pool itself (plain transactions, e.g. an outbox relay's). */
  readonly pool: pg.Pool
  end(): Promise<void>
}

/**
 * A small pg pool beside a service's Prisma client, for hot paths where Prisma's per-query work
 * costs more than the query: same database, same schema (search path).
 */
export function createPgPool({ databaseUrl, defaultSchema, max = 5, logger }: PgPoolOptions): PgPool {
  const pool = new pg.Pool({
    ...serviceConnection(databaseUrl, defaultSchema),
    max,
    connectionTimeoutMillis: 5_000,
  })
  // An idle connection that drops is replaced on the next query; it must not crash the process.
  pool.on('error', (err) => logger.warn({ err }, 'idle postgres connection lost'))
  return {
    query: <R extends object>(sql: string, params: unknown[] = [], name?: string) =>
      pool.query<R>({ text: sql, values: params, name }),
    pool,
    end: () => pool.end(),
  }
}

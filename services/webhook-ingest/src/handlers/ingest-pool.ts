import { schemaOf } from '@leadflow/db'
import type { Logger } from '@leadflow/telemetry'
import type { PgPoolLike } from '@leadflow/outbox'
import pg from 'pg'

/** What the insert batcher needs of Postgres: one parameterised statement. */
export interface Queryable {
  /** With a `name`, the statement is prepared once per connection and reused (no parse or plan). */
  query<R extends object>(sql: string, params: unknown[], name?: string): Promise<{ rows: R[] }>
}

export interface IngestPool extends Queryable {
  /** The same pool as the outbox relay uses it (plain transactions). */
  relay: PgPoolLike
  end(): Promise<void>
}

/**
 * A small pg pool of its own for the webhook hot path and the outbox relay: one group-commit
 * statement per batch of webhooks, one plain transaction per publish, without a round through
 * Prisma's query compiler. Same schema (search path) as the service's Prisma client.
 */
export function createIngestPool(databaseUrl: string, logger: Logger, max = 5): IngestPool {
  const url = new URL(databaseUrl)
  url.searchParams.delete('schema')
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max,
    connectionTimeoutMillis: 5_000,
    options: `-c search_path="${schemaOf(databaseUrl, 'webhook-ingest')}"`,
  })
  // An idle connection that drops is replaced on the next query; it must not crash the process.
  pool.on('error', (err) => logger.warn({ err }, 'idle postgres connection lost'))
  return {
    query: <R extends object>(sql: string, params: unknown[] = [], name?: string) =>
      pool.query<R>({ text: sql, values: params, name }),
    relay: pool,
    end: () => pool.end(),
  }
}

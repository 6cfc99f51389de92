import { schemaOf } from '@leadflow/db'

/**
 * The database URL with the service's schema also as the connection's `search_path`, so raw SQL
 * (the outbox relay, advisory locks, the duplicates query) finds the same tables Prisma's
 * generated queries use.
 */
export function withSearchPath(databaseUrl: string, defaultSchema: string): string {
  const url = new URL(databaseUrl)
  url.searchParams.set('options', `-c search_path="${schemaOf(databaseUrl, defaultSchema)}"`)
  return url.toString()
}

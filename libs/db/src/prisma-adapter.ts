import { PrismaPg } from '@prisma/adapter-pg'
import { schemaOf, serviceConnection } from './database-url.js'

export interface PrismaAdapterOptions {
  databaseUrl: string
  /** The service's schema when the URL names none. */
  defaultSchema: string
  /** Pool size; Postgres connections are precious, six services share one server. */
  max?: number
}

/**
 * The driver adapter every service hands to its generated PrismaClient:
 * `new PrismaClient({ adapter: createPrismaAdapter({ databaseUrl, defaultSchema: 'contacts' }) })`.
 */
export function createPrismaAdapter({
  databaseUrl,
  defaultSchema,
  max = 10,
}: PrismaAdapterOptions): PrismaPg {
  // The search path makes raw SQL (outbox relay, advisory locks, reports) see the service's
  // own tables, as Prisma's generated queries do.
  return new PrismaPg(
    { ...serviceConnection(databaseUrl, defaultSchema), max },
    { schema: schemaOf(databaseUrl, defaultSchema) },
  )
}

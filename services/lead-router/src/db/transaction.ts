import type { Prisma, PrismaClient } from '../generated/prisma/client.js'

export type Tx = Prisma.TransactionClient
export type Db = PrismaClient

/**
 * Prisma qualifies its own queries with the service's schema; raw SQL (row locks, SKIP LOCKED)
 * runs with this transaction's search_path set to it.
 */
export async function useSchema(tx: Tx, schema: string): Promise<void> {
  await tx.$executeRawUnsafe(`SET LOCAL search_path TO "${schema.replaceAll('"', '""')}"`)
}

/** Prisma's unique-constraint violation. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002'
}

/**
 * Locks a lead's row for the rest of the transaction; false when there is no such lead. Every
 * writer locks in the same order — lead, then its SLA timer, then department members — so
 * concurrent writers wait for each other instead of deadlocking.
 */
export async function lockLead(tx: Tx, schema: string, id: string): Promise<boolean> {
  await useSchema(tx, schema)
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id::text FROM leads WHERE id = ${id}::uuid FOR UPDATE`
  return rows.length > 0
}

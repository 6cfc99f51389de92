import type { FastifyRequest } from 'fastify'
import type { Prisma } from '../generated/prisma/client.js'
import '../auth/principal.js'

export interface AuditRecord {
  action: string
  targetType?: string
  targetId?: string
  before?: Prisma.InputJsonValue
  after?: Prisma.InputJsonValue
  /** For actions without a signed-in caller, e.g. a failed login. */
  actorId?: string
}

interface AuditWriter {
  auditEntry: { create(args: { data: Prisma.AuditEntryCreateInput }): Promise<unknown> }
}

/** Writes one audit entry (who, what, when, from where, before/after) with `db` or a transaction. */
export async function audit(
  db: AuditWriter,
  request: FastifyRequest | null,
  record: AuditRecord,
): Promise<void> {
  const principal = request?.principal ?? null
  await db.auditEntry.create({
    data: {
      actorType: principal?.kind ?? (request ? 'anonymous' : 'system'),
      actorId: principal?.id ?? record.actorId ?? null,
      action: record.action,
      targetType: record.targetType ?? null,
      targetId: record.targetId ?? null,
      ip: request?.ip ?? null,
      requestId: request?.id ?? null,
      ...(record.before === undefined ? {} : { before: record.before }),
      ...(record.after === undefined ? {} : { after: record.after }),
    },
  })
}

import { Prisma } from '../generated/prisma/client.js'
import type { Db } from '../db/transaction.js'

export interface LeadListFilter {
  status?: string | undefined
  ownerId?: string | undefined
  departmentId?: string | undefined
  source?: string | undefined
  createdFrom?: string | undefined
  createdTo?: string | undefined
  q?: string | undefined
}

/** Timestamps are ISO 8601 UTC text with milliseconds, exactly what `Date#toISOString` writes. */
export interface LeadListRow {
  id: string
  sourceEventId: string
  source: string
  status: string
  contactId: string | null
  phoneE164: string | null
  email: string | null
  name: string | null
  ownerId: string | null
  departmentId: string | null
  slaDueAt: string | null
  firstResponseAt: string | null
  lastTouchAt: string
  createdAt: string
  updatedAt: string
}

// Postgres formats the instants itself (`MS` truncates to milliseconds, as a JS Date does): no
// timestamp parsing in the driver, no Date objects, and the serialiser copies the text as it is.
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

const columns = Prisma.raw(`id::text, source_event_id AS "sourceEventId", source, status,
  contact_id::text AS "contactId", phone_e164 AS "phoneE164", email, name, owner_id::text AS "ownerId",
  department_id::text AS "departmentId", ${iso('sla_due_at')} AS "slaDueAt",
  ${iso('first_response_at')} AS "firstResponseAt", ${iso('last_touch_at')} AS "lastTouchAt",
  ${iso('created_at')} AS "createdAt", ${iso('updated_at')} AS "updatedAt"`)

const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`)

/** Name or e-mail containing `q` (any case), or a phone typed in any format by its digits. */
function searchCondition(q: string): Prisma.Sql {
  const digits = q.replace(/\D/g, '').replace(/^0+/, '')
  const or = [
    Prisma.sql`name ILIKE ${`%${likeEscaped(q)}%`}`,
    Prisma.sql`email ILIKE ${`%${likeEscaped(q.trim().toLowerCase())}%`}`,
  ]
  // National numbers match by their tail.
  if (q.replace(/\D/g, '').length >= 5) or.push(Prisma.sql`phone_e164 LIKE ${`%${digits}%`}`)
  return Prisma.sql`(${Prisma.join(or, ' OR ')})`
}

/**
 * One page of leads in (created_at, id) order, read with a single SQL statement: the row-value
 * cursor seeks the (created_at, id) index, and no query plan is built per request.
 */
export async function listLeads(
  db: Db,
  schema: string,
  query: { filter: LeadListFilter; after: { at: Date; id: string } | null; desc: boolean; take: number },
): Promise<LeadListRow[]> {
  const { filter, after, desc, take } = query
  const where: Prisma.Sql[] = []
  if (filter.status) where.push(Prisma.sql`status = ${filter.status}`)
  if (filter.ownerId) where.push(Prisma.sql`owner_id = ${filter.ownerId}::uuid`)
  if (filter.departmentId) where.push(Prisma.sql`department_id = ${filter.departmentId}::uuid`)
  if (filter.source) where.push(Prisma.sql`source = ${filter.source}`)
  if (filter.createdFrom) where.push(Prisma.sql`created_at >= ${new Date(filter.createdFrom)}`)
  if (filter.createdTo) where.push(Prisma.sql`created_at < ${new Date(filter.createdTo)}`)
  if (filter.q) where.push(searchCondition(filter.q))
  if (after) {
    where.push(
      desc
        ? Prisma.sql`(created_at, id) < (${after.at}, ${after.id}::uuid)`
        : Prisma.sql`(created_at, id) > (${after.at}, ${after.id}::uuid)`,
    )
  }
  const table = Prisma.raw(`"${schema.replaceAll('"', '""')}".leads`)
  const order = Prisma.raw(desc ? 'created_at DESC, id DESC' : 'created_at ASC, id ASC')
  const conditions = where.length > 0 ? Prisma.sql`WHERE ${Prisma.join(where, ' AND ')}` : Prisma.empty
  return db.$queryRaw<LeadListRow[]>`
    SELECT ${columns} FROM ${table} ${conditions} ORDER BY ${order} LIMIT ${take}`
}

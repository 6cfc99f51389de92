import { isoText, personSearch, sqlWhere, statementNames, type Queryable } from '@leadflow/db'

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
const columns = `id::text, source_event_id AS "sourceEventId", source, status,
  contact_id::text AS "contactId", phone_e164 AS "phoneE164", email, name, owner_id::text AS "ownerId",
  department_id::text AS "departmentId", ${isoText('sla_due_at')} AS "slaDueAt",
  ${isoText('first_response_at')} AS "firstResponseAt", ${isoText('last_touch_at')} AS "lastTouchAt",
  ${isoText('created_at')} AS "createdAt", ${isoText('updated_at')} AS "updatedAt"`

const statementName = statementNames('lead-list')

/**
 * One page of leads in (created_at, id) order, read with a single SQL statement straight through
 * pg (the busiest read of the API): the row-value cursor seeks the (created_at, id) index.
 * Unqualified `leads` is the service's table (the pool's search path).
 */
export async function listLeads(
  db: Queryable,
  query: { filter: LeadListFilter; after: { at: Date; id: string } | null; desc: boolean; take: number },
): Promise<LeadListRow[]> {
  const { filter, after, desc, take } = query
  const where = sqlWhere()
  const { status, ownerId, departmentId, source, createdFrom, createdTo, q } = filter
  if (status) where.add((p) => `status = ${p(status)}`)
  if (ownerId) where.add((p) => `owner_id = ${p(ownerId)}::uuid`)
  if (departmentId) where.add((p) => `department_id = ${p(departmentId)}::uuid`)
  if (source) where.add((p) => `source = ${p(source)}`)
  if (createdFrom) where.add((p) => `created_at >= ${p(new Date(createdFrom))}`)
  if (createdTo) where.add((p) => `created_at < ${p(new Date(createdTo))}`)
  if (q) where.add((p) => personSearch(q, p))
  if (after) where.add((p) => `(created_at, id) ${desc ? '<' : '>'} (${p(after.at)}, ${p(after.id)}::uuid)`)
  const order = desc ? 'created_at DESC, id DESC' : 'created_at ASC, id ASC'
  const limit = `$${where.params.push(take)}`
  const sql = `SELECT ${columns} FROM leads ${where.sql()} ORDER BY ${order} LIMIT ${limit}`
  const { rows } = await db.query<LeadListRow>(sql, where.params, statementName(sql))
  return rows
}

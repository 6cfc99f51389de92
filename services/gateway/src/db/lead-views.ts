import { isoText, personSearch, sqlWhere, statementNames, type Queryable } from '@leadflow/db'
import { newestPerLead, type LeadView } from '../domain/lead-view.js'

export interface LeadPageQuery {
  filter: {
    status?: string | undefined
    ownerId?: string | undefined
    departmentId?: string | undefined
    source?: string | undefined
    q?: string | undefined
  }
  /** The last lead of the previous page, from its cursor. */
  after: { createdAt: string; id: string } | null
  desc: boolean
  limit: number
}

/** One page: the leads' JSON array as text, and the last lead's key when more follow. */
export interface LeadPage {
  data: string
  next: { createdAt: string; id: string } | null
}

export interface LeadViews {
  /** Stores the views, each replacing its lead's only when its version is higher. */
  apply(views: readonly LeadView[]): Promise<void>
  page(query: LeadPageQuery): Promise<LeadPage>
}

const statementName = statementNames('lead-page')

/**
 * The lead list's read model (`lead_views`) through a pg pool whose search path is the gateway's
 * schema. A page is one prepared statement per combination of filters: an index scan in
 * (created_at, id) order, the rows' stored JSON joined by Postgres, so Node passes one string on.
 */
export function createLeadViews(db: Queryable): LeadViews {
  return {
    async apply(views) {
      const rows = newestPerLead(views)
      if (rows.length === 0) return
      const column = <T>(pick: (view: LeadView) => T) => rows.map(pick)
      await db.query(
        `INSERT INTO lead_views AS v (id, version, status, source, owner_id, department_id, name, email,
           phone_e164, created_at, doc)
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::uuid[], $6::uuid[],
           $7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::text[])
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, status = excluded.status,
           source = excluded.source, owner_id = excluded.owner_id, department_id = excluded.department_id,
           name = excluded.name, email = excluded.email, phone_e164 = excluded.phone_e164,
           created_at = excluded.created_at, doc = excluded.doc
         WHERE v.version < excluded.version`,
        [
          column((v) => v.lead.id),
          column((v) => v.version),
          column((v) => v.lead.status),
          column((v) => v.lead.source),
          column((v) => v.lead.ownerId),
          column((v) => v.lead.departmentId),
          column((v) => v.lead.name),
          column((v) => v.lead.email),
          column((v) => v.lead.phoneE164),
          column((v) => v.lead.createdAt),
          column((v) => v.doc),
        ],
        'lead-views-apply',
      )
    },

    async page({ filter, after, desc, limit }) {
      const where = sqlWhere()
      const { status, ownerId, departmentId, source, q } = filter
      if (status) where.add((p) => `status = ${p(status)}`)
      if (ownerId) where.add((p) => `owner_id = ${p(ownerId)}::uuid`)
      if (departmentId) where.add((p) => `department_id = ${p(departmentId)}::uuid`)
      if (source) where.add((p) => `source = ${p(source)}`)
      if (q) where.add((p) => personSearch(q, p))
      if (after) {
        where.add(
          (p) =>
            `(created_at, id) ${desc ? '<' : '>'} (${p(after.createdAt)}::timestamptz, ${p(after.id)}::uuid)`,
        )
      }
      const order = desc ? 'created_at DESC, id DESC' : 'created_at ASC, id ASC'
      const size = where.param(limit)
      // One row more than the page tells whether another page follows.
      const sql = `SELECT coalesce(string_agg(doc, ',' ORDER BY n) FILTER (WHERE n <= ${size}), '') AS data,
          max(${isoText('created_at')}) FILTER (WHERE n = ${size}) AS last_at,
          max(id::text) FILTER (WHERE n = ${size}) AS last_id, count(*) > ${size} AS more
        FROM (SELECT doc, created_at, id, row_number() OVER (ORDER BY ${order}) AS n
          FROM lead_views ${where.sql()} ORDER BY ${order} LIMIT ${size} + 1) AS page`
      const { rows } = await db.query<{
        data: string
        last_at: string | null
        last_id: string | null
        more: boolean
      }>(sql, where.params, statementName(sql))
      const row = rows[0]
      const next =
        row?.more && row.last_at && row.last_id ? { createdAt: row.last_at, id: row.last_id } : null
      return { data: `[${row?.data ?? ''}]`, next }
    },
  }
}

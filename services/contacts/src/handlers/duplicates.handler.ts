import type { Contact } from '../generated/prisma/client.js'
import type { Db } from './contact-store.js'

export type DuplicateReason = string

export interface DuplicatePair {
  a: Contact
  b: Contact
  reason: DuplicateReason
}

interface PairRow {
  a_id: string
  b_id: string
  reason: string
}

/**
 * Pairs of live contacts that may be one person: the same phone digits, the same normalised name
 * with the same e-mail domain, or a pair flagged for review (phone and e-mail pointing at two
 * contacts, or two rows whose phones normalise to one number).
 */
export async function findDuplicates(db: Db, limit: number): Promise<DuplicatePair[]> {
  const rows = await db.$queryRaw<PairRow[]>`
    with live as (select * from contacts where deleted_at is null and merged_into_id is null),
    pairs as (
      select r.contact_a_id as a_id, r.contact_b_id as b_id, r.reason, 0 as rank from contact_reviews r
      union all
      select a.id, b.id, 'same_phone_digits', 1 from live a
        join live b on a.phone_digits = b.phone_digits and a.id < b.id
      union all
      select a.id, b.id, 'same_name_and_email_domain', 2 from live a
        join live b on a.name_normalized = b.name_normalized and a.id < b.id
        where split_part(a.email_lower, '@', 2) = split_part(b.email_lower, '@', 2)
    )
    select distinct on (p.a_id, p.b_id) p.a_id::text, p.b_id::text, p.reason
    from pairs p
    join live a on a.id = p.a_id
    join live b on b.id = p.b_id
    order by p.a_id, p.b_id, p.rank
    limit ${limit}`
  const ids = [...new Set(rows.flatMap((row) => [row.a_id, row.b_id]))]
  const contacts = new Map((await db.contact.findMany({ where: { id: { in: ids } } })).map((c) => [c.id, c]))
  return rows.flatMap((row) => {
    const a = contacts.get(row.a_id)
    const b = contacts.get(row.b_id)
    return a && b ? [{ a, b, reason: row.reason }] : []
  })
}

import type { Contact, Prisma } from '../generated/prisma/client.js'
import { decodeCursor, encodeCursor } from '../domain/cursor.js'
import { phoneFields } from '../domain/normalize.js'
import { invalidCursor } from '../errors.js'
import type { Db } from './contact-store.js'

export type ContactSort = 'createdAt' | '-createdAt' | 'name'

export interface ListContactsQuery {
  limit: number
  cursor?: string | undefined
  q?: string | undefined
  needsReview?: boolean | undefined
  companyId?: string | undefined
  sort: ContactSort
}

/** Name, e-mail or phone; a phone in any common format is normalised before matching. */
export function searchFilter(q: string, region: string | undefined): Prisma.ContactWhereInput {
  const text = q.trim()
  const or: Prisma.ContactWhereInput[] = [
    { name: { contains: text, mode: 'insensitive' } },
    { emailLower: { contains: text.toLowerCase() } },
  ]
  if (/^[\d\s()+.\-/]+$/.test(text)) {
    const phone = phoneFields(text, region)
    if (phone.phoneE164) or.push({ phoneE164: phone.phoneE164 })
    const digits = phone.phoneDigits ?? ''
    if (digits.length >= 3)
      or.push({ phoneDigits: { contains: digits } }, { phoneE164: { contains: digits } })
  }
  return { OR: or }
}

function sortOrder(sort: ContactSort): Prisma.ContactOrderByWithRelationInput[] {
  if (sort === 'name') return [{ name: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }]
  const direction = sort === 'createdAt' ? 'asc' : 'desc'
  return [{ createdAt: direction }, { id: direction }]
}

function afterCursor(sort: ContactSort, text: string): Prisma.ContactWhereInput {
  const cursor = decodeCursor(text)
  if (!cursor) throw invalidCursor()
  if (sort === 'name') {
    if (cursor.key === null) return { name: null, id: { gt: cursor.id } }
    return { OR: [{ name: { gt: cursor.key } }, { name: cursor.key, id: { gt: cursor.id } }, { name: null }] }
  }
  const at = cursor.key === null ? Number.NaN : Date.parse(cursor.key)
  if (Number.isNaN(at)) throw invalidCursor()
  const createdAt = new Date(at)
  const op = sort === 'createdAt' ? 'gt' : 'lt'
  return { OR: [{ createdAt: { [op]: createdAt } }, { createdAt, id: { [op]: cursor.id } }] }
}

function sortKey(sort: ContactSort, contact: Contact): string | null {
  return sort === 'name' ? contact.name : contact.createdAt.toISOString()
}

/** One page of live (not deleted, not merged) contacts and the cursor of the next one. */
export async function listContacts(
  db: Db,
  query: ListContactsQuery,
  region: string | undefined,
): Promise<{ data: Contact[]; nextCursor: string | null }> {
  const and: Prisma.ContactWhereInput[] = [{ deletedAt: null, mergedIntoId: null }]
  if (query.q?.trim()) and.push(searchFilter(query.q, region))
  if (query.needsReview !== undefined) and.push({ needsReview: query.needsReview })
  if (query.companyId) and.push({ companyId: query.companyId })
  if (query.cursor) and.push(afterCursor(query.sort, query.cursor))
  const rows = await db.contact.findMany({
    where: { AND: and },
    orderBy: sortOrder(query.sort),
    take: query.limit + 1,
  })
  const data = rows.slice(0, query.limit)
  const last = data.at(-1)
  const nextCursor =
    rows.length > query.limit && last ? encodeCursor({ key: sortKey(query.sort, last), id: last.id }) : null
  return { data, nextCursor }
}

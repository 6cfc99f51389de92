import type { Company, Prisma } from '../generated/prisma/client.js'
import { decodeCursor, encodeCursor } from '../domain/cursor.js'
import { isFreeMailDomain, normalizeCompanyName, phoneFields } from '../domain/normalize.js'
import { AppError } from '@leadflow/http'
import { companyConflict, companyNotFound, invalidCursor } from '../errors.js'
import { companyKeys, findOrCreateCompany } from './company.handler.js'
import { retryOnUniqueViolation, txOptions, type Db } from './contact-store.js'

export interface CompanyWrite {
  name?: string | undefined
  phone?: string | null | undefined
  emailDomain?: string | null | undefined
  defaultRegion?: string | undefined
}

/** The company for these keys, deduplicated by phone, e-mail domain and normalised name. */
export function createCompany(
  db: Db,
  input: CompanyWrite & { name: string },
  region?: string,
): Promise<{ company: Company; created: boolean }> {
  const keys = companyKeys(
    { name: input.name, phone: input.phone, email: input.emailDomain },
    input.defaultRegion ?? region,
  )
  if (!keys.nameNormalized) throw nameWithoutLetters()
  return retryOnUniqueViolation(async () => {
    const result = await db.$transaction((tx) => findOrCreateCompany(tx, keys), txOptions)
    if (!result) throw new Error('a named company was neither found nor created')
    return result
  })
}

function nameWithoutLetters(): AppError {
  return new AppError('validation_failed', 400, 'The company name has no letters or digits', {
    errors: [{ field: 'name', message: 'must contain letters or digits' }],
  })
}

export async function getCompany(db: Db, id: string): Promise<Company> {
  const company = await db.company.findUnique({ where: { id } })
  if (!company) throw companyNotFound(id)
  return company
}

export async function updateCompany(
  db: Db,
  id: string,
  input: CompanyWrite,
  region?: string,
): Promise<Company> {
  await getCompany(db, id)
  const data: Prisma.CompanyUpdateInput = {}
  if (input.name !== undefined) {
    const nameNormalized = normalizeCompanyName(input.name)
    if (!nameNormalized) throw nameWithoutLetters()
    Object.assign(data, { name: input.name.trim(), nameNormalized })
  }
  if (input.phone !== undefined) {
    const phone = input.phone ? phoneFields(input.phone, input.defaultRegion ?? region) : null
    Object.assign(data, { phoneRaw: phone?.phoneRaw ?? null, phoneE164: phone?.phoneE164 ?? null })
  }
  if (input.emailDomain !== undefined) {
    const domain = input.emailDomain?.trim().toLowerCase() || null
    data.emailDomain = domain && !isFreeMailDomain(domain) ? domain : null
  }
  try {
    return await db.company.update({ where: { id }, data })
  } catch (err) {
    if ((err as { code?: unknown }).code === 'P2002') throw companyConflict('name, phone or e-mail domain')
    throw err
  }
}

export async function listCompanies(
  db: Db,
  query: { limit: number; cursor?: string | undefined; q?: string | undefined },
): Promise<{ data: Company[]; nextCursor: string | null }> {
  const and: Prisma.CompanyWhereInput[] = []
  if (query.q?.trim()) {
    const q = query.q.trim()
    and.push({
      OR: [
        { name: { contains: q, mode: 'insensitive' } },
        { emailDomain: { contains: q.toLowerCase() } },
        { phoneE164: { contains: q.replace(/\D/g, '') || q } },
      ],
    })
  }
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor)
    const at = cursor?.key ? Date.parse(cursor.key) : Number.NaN
    if (!cursor || Number.isNaN(at)) throw invalidCursor()
    const createdAt = new Date(at)
    and.push({ OR: [{ createdAt: { gt: createdAt } }, { createdAt, id: { gt: cursor.id } }] })
  }
  const rows = await db.company.findMany({
    where: { AND: and },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: query.limit + 1,
  })
  const data = rows.slice(0, query.limit)
  const last = data.at(-1)
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor({ key: last.createdAt.toISOString(), id: last.id })
      : null
  return { data, nextCursor }
}

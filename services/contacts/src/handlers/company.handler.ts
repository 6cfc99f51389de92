import type { Company } from '../generated/prisma/client.js'
import { emailDomain, isFreeMailDomain, normalizeCompanyName, phoneFields } from '../domain/normalize.js'
import type { Tx } from './contact-store.js'

export interface CompanyInput {
  name?: string | null | undefined
  phone?: string | null | undefined
  email?: string | null | undefined
}

export interface CompanyKeys {
  name: string | null
  nameNormalized: string | null
  phoneRaw: string | null
  phoneE164: string | null
  emailDomain: string | null
}

/** The dedup keys of a company: E.164 phone, a non-free-mail e-mail domain, the normalised name. */
export function companyKeys(input: CompanyInput, region?: string): CompanyKeys {
  const name = input.name?.trim() || null
  const phone = input.phone ? phoneFields(input.phone, region) : null
  const domain = input.email?.includes('@')
    ? emailDomain(input.email)
    : (input.email?.trim().toLowerCase() ?? null)
  return {
    name,
    nameNormalized: normalizeCompanyName(name),
    phoneRaw: phone?.phoneRaw ?? null,
    phoneE164: phone?.phoneE164 ?? null,
    emailDomain: domain && !isFreeMailDomain(domain) ? domain : null,
  }
}

/** The existing company for these keys: by phone, then e-mail domain, then normalised name. */
export async function findCompany(tx: Tx, keys: CompanyKeys): Promise<Company | null> {
  if (keys.phoneE164) {
    const found = await tx.company.findUnique({ where: { phoneE164: keys.phoneE164 } })
    if (found) return found
  }
  if (keys.emailDomain) {
    const found = await tx.company.findUnique({ where: { emailDomain: keys.emailDomain } })
    if (found) return found
  }
  if (keys.nameNormalized) return tx.company.findUnique({ where: { nameNormalized: keys.nameNormalized } })
  return null
}

/**
 * The company these keys point to, created when none matches and a name is known; missing phone
 * and domain are filled in. A concurrent creator makes this throw a unique violation: retry.
 */
export async function findOrCreateCompany(
  tx: Tx,
  keys: CompanyKeys,
): Promise<{ company: Company; created: boolean } | null> {
  const existing = await findCompany(tx, keys)
  if (existing) {
    const data: { phoneRaw?: string; phoneE164?: string; emailDomain?: string } = {}
    if (!existing.phoneE164 && keys.phoneE164 && keys.phoneRaw) {
      const taken = await tx.company.findUnique({ where: { phoneE164: keys.phoneE164 } })
      if (!taken) Object.assign(data, { phoneE164: keys.phoneE164, phoneRaw: keys.phoneRaw })
    }
    if (!existing.emailDomain && keys.emailDomain) {
      const taken = await tx.company.findUnique({ where: { emailDomain: keys.emailDomain } })
      if (!taken) data.emailDomain = keys.emailDomain
    }
    if (Object.keys(data).length === 0) return { company: existing, created: false }
    return { company: await tx.company.update({ where: { id: existing.id }, data }), created: false }
  }
  if (!keys.name || !keys.nameNormalized) return null
  const company = await tx.company.create({
    data: {
      name: keys.name,
      nameNormalized: keys.nameNormalized,
      phoneRaw: keys.phoneRaw,
      phoneE164: keys.phoneE164,
      emailDomain: keys.emailDomain,
    },
  })
  return { company, created: true }
}

import { normalizePhone } from '@leadflow/phone'

export interface PhoneFields {
  phoneRaw: string
  phoneDigits: string | null
  phoneE164: string | null
  phoneValid: boolean
}

/** A phone as stored: raw kept, E.164 only when valid, digits for search and duplicate checks. */
export function phoneFields(input: string, defaultRegion?: string): PhoneFields {
  const parsed = normalizePhone(input, defaultRegion)
  const digits = parsed.raw.replace(/\D/g, '')
  return {
    phoneRaw: parsed.raw,
    phoneDigits: digits.length > 0 ? digits : null,
    phoneE164: parsed.e164,
    phoneValid: parsed.valid,
  }
}

/** E-mails are stored trimmed and lower-cased; an empty one is none. */
export function normalizeEmail(input: string | null | undefined): string | null {
  const value = input?.trim().toLowerCase() ?? ''
  return value.length > 0 ? value : null
}

/** The domain of an e-mail address, lower-cased. */
export function emailDomain(email: string | null | undefined): string | null {
  const at = email?.lastIndexOf('@') ?? -1
  if (!email || at < 0) return null
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase()
  return domain.length > 0 ? domain : null
}

/** Lower-case, no accents, letters and digits separated by single spaces; null when nothing is left. */
export function normalizeName(input: string | null | undefined): string | null {
  if (!input) return null
  const value = input
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
  return value.length > 0 ? value : null
}

const legalForms = new Set([
  'inc',
  'incorporated',
  'llc',
  'ltd',
  'limited',
  'corp',
  'corporation',
  'co',
  'company',
  'gmbh',
  'ag',
  'sa',
  'sarl',
  'bv',
  'plc',
  'oy',
  'ab',
  'ооо',
  'ао',
  'оао',
  'зао',
  'ип',
  'ooo',
])

/** A company name without its legal form: `ACME, Inc.` and `Acme` are the same company. */
export function normalizeCompanyName(input: string | null | undefined): string | null {
  const words = normalizeName(input)?.split(' ') ?? []
  const kept = words.filter((word) => !legalForms.has(word))
  const value = (kept.length > 0 ? kept : words).join(' ')
  return value.length > 0 ? value : null
}

const freeMailDomains = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'ymail.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'mail.com',
  'zoho.com',
  'yandex.ru',
  'yandex.com',
  'ya.ru',
  'mail.ru',
  'bk.ru',
  'inbox.ru',
  'list.ru',
  'rambler.ru',
  'qq.com',
  '163.com',
  'fastmail.com',
  'tutanota.com',
])

/** A mailbox provider anyone can sign up with: its domain says nothing about an employer. */
export function isFreeMailDomain(domain: string): boolean {
  return freeMailDomains.has(domain.toLowerCase())
}

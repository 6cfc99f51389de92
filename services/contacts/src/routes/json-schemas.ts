import type { Company, Contact } from '../generated/prisma/client.js'

const nullableString = { type: ['string', 'null'] } as const
const instant = { type: 'string', format: 'date-time' } as const
const nullableInstant = { type: ['string', 'null'], format: 'date-time' } as const

export const contactJson = {
  type: 'object',
  required: ['id', 'name', 'email', 'phoneE164', 'phoneRaw', 'phoneValid', 'companyId', 'needsReview'],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    name: nullableString,
    email: nullableString,
    phoneE164: nullableString,
    phoneRaw: nullableString,
    phoneValid: { type: 'boolean' },
    companyId: nullableString,
    needsReview: { type: 'boolean' },
    mergedIntoId: nullableString,
    deletedAt: nullableInstant,
    createdAt: instant,
    updatedAt: instant,
  },
} as const

export const companyJson = {
  type: 'object',
  required: ['id', 'name', 'phoneE164', 'phoneRaw', 'emailDomain'],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    phoneE164: nullableString,
    phoneRaw: nullableString,
    emailDomain: nullableString,
    createdAt: instant,
    updatedAt: instant,
  },
} as const

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const

export const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  cursor: { type: 'string', maxLength: 512 },
} as const

export function pageOf(item: object) {
  return {
    type: 'object',
    required: ['data', 'nextCursor'],
    properties: { data: { type: 'array', items: item }, nextCursor: nullableString },
  } as const
}

export interface ContactJson {
  id: string
  name: string | null
  email: string | null
  phoneE164: string | null
  phoneRaw: string | null
  phoneValid: boolean
  companyId: string | null
  needsReview: boolean
  mergedIntoId: string | null
  deletedAt: string | null
  createdAt: string
  updatedAt: string
}

export function toContactJson(contact: Contact): ContactJson {
  return {
    id: contact.id,
    name: contact.name,
    email: contact.emailLower,
    phoneE164: contact.phoneE164,
    phoneRaw: contact.phoneRaw,
    phoneValid: contact.phoneValid,
    companyId: contact.companyId,
    needsReview: contact.needsReview,
    mergedIntoId: contact.mergedIntoId,
    deletedAt: contact.deletedAt?.toISOString() ?? null,
    createdAt: contact.createdAt.toISOString(),
    updatedAt: contact.updatedAt.toISOString(),
  }
}

export function toCompanyJson(company: Company) {
  return {
    id: company.id,
    name: company.name,
    phoneE164: company.phoneE164,
    phoneRaw: company.phoneRaw,
    emailDomain: company.emailDomain,
    createdAt: company.createdAt.toISOString(),
    updatedAt: company.updatedAt.toISOString(),
  }
}

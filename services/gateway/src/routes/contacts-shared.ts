import type { InternalClient } from '@leadflow/http'
import type { FastifyRequest } from 'fastify'
import type { CrmAction } from '../domain/contacts-access.js'
import { crmRefusal } from '../domain/contacts-access.js'
import { gatewayError } from '../errors.js'
import { downstream } from './downstream.js'
import type { RouteDeps } from './route-deps.js'

const nullableString = { type: ['string', 'null'] } as const
const instant = { type: 'string', format: 'date-time' } as const

/** A contact as the public API shows it (no deletion or normalisation internals). */
export const contactPublicSchema = {
  type: 'object',
  description: 'One person; the phone is E.164 when it could be understood, the raw input is kept',
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: nullableString,
    email: nullableString,
    phoneE164: nullableString,
    phoneRaw: nullableString,
    phoneValid: { type: 'boolean' },
    companyId: { type: ['string', 'null'], format: 'uuid' },
    needsReview: { type: 'boolean' },
    mergedIntoId: { type: ['string', 'null'], format: 'uuid' },
    createdAt: instant,
    updatedAt: instant,
  },
  required: [
    'id',
    'name',
    'email',
    'phoneE164',
    'phoneRaw',
    'phoneValid',
    'companyId',
    'needsReview',
    'mergedIntoId',
    'createdAt',
    'updatedAt',
  ],
} as const

export const companyPublicSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    phoneE164: nullableString,
    phoneRaw: nullableString,
    emailDomain: nullableString,
    createdAt: instant,
    updatedAt: instant,
  },
  required: ['id', 'name', 'phoneE164', 'phoneRaw', 'emailDomain', 'createdAt', 'updatedAt'],
} as const

export interface ContactJson {
  id: string
  name: string | null
  email: string | null
  phoneE164: string | null
  phoneRaw: string | null
  companyId: string | null
  mergedIntoId?: string | null
}

export interface CompanyJson {
  id: string
  name: string
  phoneE164: string | null
  emailDomain: string | null
}

/** The part of a contact kept in the audit log. */
export function contactSummary(contact: ContactJson) {
  return {
    name: contact.name,
    email: contact.email,
    phoneE164: contact.phoneE164,
    phoneRaw: contact.phoneRaw,
    companyId: contact.companyId,
  }
}

export function companySummary(company: CompanyJson) {
  return { name: company.name, phoneE164: company.phoneE164, emailDomain: company.emailDomain }
}

/** preHandler: the caller may perform `action` on contacts and companies. */
export function crmGuard(action: CrmAction) {
  return function contactsGuard(request: FastifyRequest): Promise<void> {
    const principal = request.principal
    if (!principal) return Promise.reject(gatewayError('missing_credentials'))
    const refusal = crmRefusal(principal, action)
    return refusal ? Promise.reject(gatewayError(refusal)) : Promise.resolve()
  }
}

/** The contacts service's internal API for this request. */
export function contactsService({ config }: RouteDeps): (request: FastifyRequest) => InternalClient {
  return (request) => downstream(request, config.CONTACTS_URL, config.INTERNAL_API_TOKEN)
}

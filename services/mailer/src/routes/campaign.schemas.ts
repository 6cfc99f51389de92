import { audienceFilterProperties, campaignRecipients, type leadStatuses } from '@leadflow/api-schemas'
import { nullableDateTime, stringMap, uuid } from './json-schemas.js'

export interface RecipientInput {
  email: string
  variables?: Record<string, string>
}

/** Filters of contacts' `GET /internal/v1/contacts` (live contacts only). */
export interface ContactsAudience {
  q?: string
  companyId?: string
  needsReview?: boolean
}

/** Filters of lead-router's `GET /internal/v1/leads` (`createdFrom` inclusive, `createdTo` exclusive). */
export interface LeadsAudience {
  status?: (typeof leadStatuses)[number]
  source?: string
  departmentId?: string
  ownerId?: string
  createdFrom?: string
  createdTo?: string
  q?: string
}

/**
 * Who a campaign goes to besides its explicit recipients: every contact and/or lead matching
 * the filters, materialised into recipients when the campaign starts (one per address).
 */
export interface Audience {
  contacts?: ContactsAudience
  leads?: LeadsAudience
}

export const audienceSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: audienceFilterProperties,
} as const

const nullableAudience = { anyOf: [audienceSchema, { type: 'null' }] } as const

export const recipientsBody = {
  type: 'object',
  required: ['recipients'],
  additionalProperties: false,
  properties: { recipients: campaignRecipients },
} as const

const name = { type: 'string', minLength: 1, maxLength: 200 } as const
const accountId = { anyOf: [uuid, { type: 'null' }] } as const

export const createCampaignBody = {
  type: 'object',
  required: ['name', 'template'],
  additionalProperties: false,
  properties: {
    name,
    template: { type: 'string', minLength: 1, maxLength: 100 },
    variables: stringMap,
    accountId,
    recipients: campaignRecipients,
    audience: nullableAudience,
  },
} as const

export const patchCampaignBody = {
  type: 'object',
  additionalProperties: false,
  properties: { name, variables: stringMap, accountId, audience: nullableAudience },
} as const

export const campaignSchema = {
  type: 'object',
  required: ['id', 'name', 'template', 'status', 'createdAt'],
  properties: {
    id: uuid,
    name: { type: 'string' },
    template: { type: 'string' },
    variables: stringMap,
    accountId: { type: ['string', 'null'] },
    status: { type: 'string', enum: ['draft', 'running', 'paused', 'completed'] },
    /** The contacts/leads filters, or null when only explicit recipients are mailed. */
    audience: nullableAudience,
    /** When the audience was last turned into recipients (null: not yet, or changed since). */
    audienceLoadedAt: nullableDateTime,
    /** Audience contacts and leads left out because they have no e-mail address. */
    audienceSkipped: { type: 'integer' },
    createdAt: { type: 'string', format: 'date-time' },
    startedAt: nullableDateTime,
    completedAt: nullableDateTime,
  },
} as const

export const progressSchema = {
  type: 'object',
  required: ['total', 'sent', 'failed', 'suppressed', 'remaining'],
  properties: {
    status: { type: 'string' },
    total: { type: 'integer' },
    sent: { type: 'integer' },
    failed: { type: 'integer' },
    suppressed: { type: 'integer' },
    /** Delivered, then reported as spam by the recipient (ARF feedback report). */
    complained: { type: 'integer' },
    remaining: { type: 'integer' },
  },
} as const

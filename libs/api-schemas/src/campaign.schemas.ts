import { email, stringMap, uuid } from './common.schemas.js'
import { leadStatuses } from './lead.schemas.js'

const search = { type: 'string', minLength: 1, maxLength: 200 } as const

/**
 * A campaign audience's filters: those of contacts' contact list and lead-router's lead list
 * (`createdFrom` inclusive, `createdTo` exclusive).
 */
export const audienceFilterProperties = {
  contacts: {
    type: 'object',
    additionalProperties: false,
    properties: { q: search, companyId: uuid, needsReview: { type: 'boolean' } },
  },
  leads: {
    type: 'object',
    additionalProperties: false,
    properties: {
      status: { type: 'string', enum: leadStatuses },
      source: search,
      departmentId: uuid,
      ownerId: uuid,
      createdFrom: { type: 'string', format: 'date-time' },
      createdTo: { type: 'string', format: 'date-time' },
      q: search,
    },
  },
} as const

/** A campaign's explicit recipients, each with its own template variables. */
export const campaignRecipients = {
  type: 'array',
  maxItems: 10_000,
  items: {
    type: 'object',
    required: ['email'],
    additionalProperties: false,
    properties: { email, variables: stringMap },
  },
} as const

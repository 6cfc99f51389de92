import { email, nullableDateTime, stringMap, uuid } from './json-schemas.js'

export interface RecipientInput {
  email: string
  variables?: Record<string, string>
}

export const recipientsBody = {
  type: 'object',
  required: ['recipients'],
  additionalProperties: false,
  properties: {
    recipients: {
      type: 'array',
      maxItems: 10_000,
      items: {
        type: 'object',
        required: ['email'],
        additionalProperties: false,
        properties: { email, variables: stringMap },
      },
    },
  },
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
    remaining: { type: 'integer' },
  },
} as const

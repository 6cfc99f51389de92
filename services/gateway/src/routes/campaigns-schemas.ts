import { audienceFilterProperties, campaignRecipients, stringMap } from '@leadflow/api-schemas'
import { instant, nullableInstant, nullableString, strictObject, uuid } from './settings-proxy.js'

export const audienceJson = {
  type: ['object', 'null'],
  additionalProperties: false,
  minProperties: 1,
  description:
    'Contacts and/or leads matching these filters become recipients when the campaign starts (one per address)',
  properties: audienceFilterProperties,
} as const

export const createCampaignBody = {
  type: 'object',
  required: ['name', 'template'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    template: {
      type: 'string',
      minLength: 1,
      maxLength: 100,
      description: 'A built-in template, e.g. `campaign`',
    },
    variables: stringMap,
    accountId: { type: ['string', 'null'], format: 'uuid', description: 'Sending account; null = default' },
    recipients: campaignRecipients,
    audience: audienceJson,
  },
} as const

export const progressJson = strictObject(
  {
    total: { type: 'integer' },
    sent: { type: 'integer' },
    failed: { type: 'integer' },
    suppressed: { type: 'integer', description: 'Skipped: the address is on the suppression list' },
    complained: { type: 'integer', description: 'Delivered, then reported as spam' },
    remaining: { type: 'integer' },
  },
  ['complained'],
)

export const campaignJson = strictObject(
  {
    id: uuid,
    name: { type: 'string' },
    template: { type: 'string' },
    variables: stringMap,
    accountId: nullableString,
    status: { type: 'string', enum: ['draft', 'running', 'paused', 'completed'] },
    audience: audienceJson,
    audienceLoadedAt: nullableInstant,
    audienceSkipped: { type: 'integer', description: 'Audience entries without an e-mail address' },
    createdAt: instant,
    startedAt: nullableInstant,
    completedAt: nullableInstant,
    progress: progressJson,
  },
  ['variables', 'audience', 'audienceLoadedAt', 'audienceSkipped', 'startedAt', 'completedAt'],
)

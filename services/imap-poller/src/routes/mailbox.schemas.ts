import { mailboxStatusProperties, mailboxWriteFields } from '@leadflow/api-schemas'

/** JSON schemas of the internal mailbox API: inputs validated, outputs explicit (secrets masked). */

// The owner also refuses a folder named twice (the gateway leaves that check to it).
const mailboxFields = {
  ...mailboxWriteFields,
  folders: { ...mailboxWriteFields.folders, uniqueItems: true },
} as const

export const createMailboxBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'host', 'port', 'username'],
  properties: mailboxFields,
} as const

export const updateMailboxBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: mailboxFields,
} as const

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const

export const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    cursor: { type: 'string', minLength: 1, maxLength: 500 },
  },
} as const

const nullableString = { type: ['string', 'null'] } as const
const instant = { type: ['string', 'null'], format: 'date-time' } as const

export const mailboxView = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'host', 'port', 'secure', 'authType', 'username', 'password', 'oauth', 'folders'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'integer' },
    secure: { type: 'boolean' },
    authType: { type: 'string' },
    username: { type: 'string' },
    password: nullableString,
    oauth: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: {
        tokenUrl: { type: 'string' },
        clientId: { type: 'string' },
        clientSecret: nullableString,
        refreshToken: nullableString,
      },
    },
    folders: { type: 'array', items: { type: 'string' } },
    enabled: { type: 'boolean' },
    alertRecipients: { type: 'array', items: { type: 'string' } },
    lastError: nullableString,
    lastErrorType: nullableString,
    lastErrorAt: instant,
    lastSyncAt: instant,
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const

export const mailboxList = {
  type: 'object',
  additionalProperties: false,
  required: ['data', 'nextCursor'],
  properties: { data: { type: 'array', items: mailboxView }, nextCursor: nullableString },
} as const

export const mailboxStatus = {
  type: 'object',
  additionalProperties: false,
  properties: mailboxStatusProperties,
} as const

/** JSON schemas of the internal mailbox API: inputs validated, outputs explicit (secrets masked). */
const email = { type: 'string', format: 'email', maxLength: 320 } as const
const folder = { type: 'string', minLength: 1, maxLength: 500 } as const

const oauthInput = {
  type: 'object',
  additionalProperties: false,
  required: ['tokenUrl', 'clientId', 'refreshToken'],
  properties: {
    tokenUrl: { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2000 },
    clientId: { type: 'string', minLength: 1, maxLength: 500 },
    clientSecret: { type: 'string', minLength: 1, maxLength: 2000 },
    refreshToken: { type: 'string', minLength: 1, maxLength: 8000 },
  },
} as const

const mailboxFields = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  host: { type: 'string', minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9.:\\[\\]-]+$' },
  port: { type: 'integer', minimum: 1, maximum: 65535 },
  secure: { type: 'boolean' },
  authType: { type: 'string', enum: ['password', 'xoauth2'] },
  username: { type: 'string', minLength: 1, maxLength: 320 },
  password: { type: 'string', minLength: 1, maxLength: 1000 },
  oauth: oauthInput,
  folders: { type: 'array', items: folder, minItems: 1, maxItems: 50, uniqueItems: true },
  enabled: { type: 'boolean' },
  alertRecipients: { type: 'array', items: email, maxItems: 20, uniqueItems: true },
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
  properties: {
    mailboxId: { type: 'string' },
    enabled: { type: 'boolean' },
    lastSyncAt: instant,
    lastError: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: { type: nullableString, message: { type: 'string' }, at: instant },
    },
    messagesReceived: { type: 'integer' },
    folders: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          folder: { type: 'string' },
          uidValidity: { type: 'string' },
          highestUid: { type: 'string' },
          highestModSeq: nullableString,
          lastSyncAt: instant,
        },
      },
    },
  },
} as const

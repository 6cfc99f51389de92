import { email, nullableInstant, nullableString } from './common.schemas.js'

/**
 * The settings of a watched mailbox as clients write them (create: all those required by the
 * API; change: any). Credentials are write-only: no answer ever carries them.
 */
export const mailboxWriteFields = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  host: { type: 'string', minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9.:\\[\\]-]+$' },
  port: { type: 'integer', minimum: 1, maximum: 65535 },
  secure: { type: 'boolean' },
  authType: { type: 'string', enum: ['password', 'xoauth2'] },
  username: { type: 'string', minLength: 1, maxLength: 320 },
  password: { type: 'string', minLength: 1, maxLength: 1000, writeOnly: true },
  oauth: {
    type: 'object',
    additionalProperties: false,
    required: ['tokenUrl', 'clientId', 'refreshToken'],
    properties: {
      tokenUrl: { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2000 },
      clientId: { type: 'string', minLength: 1, maxLength: 500 },
      clientSecret: { type: 'string', minLength: 1, maxLength: 2000, writeOnly: true },
      refreshToken: { type: 'string', minLength: 1, maxLength: 8000, writeOnly: true },
    },
  },
  folders: {
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: 500 },
    minItems: 1,
    maxItems: 50,
  },
  enabled: { type: 'boolean' },
  alertRecipients: { type: 'array', items: email, maxItems: 20, uniqueItems: true },
} as const

/** The sync state of a mailbox: its folders' cursors, the last sync and the last error. */
export const mailboxStatusProperties = {
  mailboxId: { type: 'string' },
  enabled: { type: 'boolean' },
  lastSyncAt: nullableInstant,
  lastError: {
    type: ['object', 'null'],
    additionalProperties: false,
    properties: { type: nullableString, message: { type: 'string' }, at: nullableInstant },
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
        lastSyncAt: nullableInstant,
      },
    },
  },
} as const

import { nullableDateTime, nullableString, uuid } from './json-schemas.js'

export interface AccountInput {
  name: string
  host: string
  port: number
  secure?: boolean
  authType: 'none' | 'password' | 'xoauth2'
  username?: string | null
  password?: string | null
  oauthClientId?: string | null
  oauthClientSecret?: string | null
  oauthRefreshToken?: string | null
  oauthTokenUrl?: string | null
  fromAddress: string
  dailyCap?: number | null
  windowStartMinute?: number | null
  windowEndMinute?: number | null
  timezone?: string
  isDefault?: boolean
  enabled?: boolean
}

const minuteOfDay = { type: ['integer', 'null'], minimum: 0, maximum: 1439 } as const
const optionalSecret = { type: ['string', 'null'], minLength: 1, maxLength: 4096 } as const

export function accountBody(create: boolean) {
  return {
    type: 'object',
    additionalProperties: false,
    ...(create ? { required: ['name', 'host', 'port', 'authType', 'fromAddress'] } : { minProperties: 1 }),
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 100 },
      host: { type: 'string', minLength: 1, maxLength: 253 },
      port: { type: 'integer', minimum: 1, maximum: 65535 },
      secure: { type: 'boolean' },
      authType: { type: 'string', enum: ['none', 'password', 'xoauth2'] },
      username: { type: ['string', 'null'], maxLength: 320 },
      password: optionalSecret,
      oauthClientId: { type: ['string', 'null'], maxLength: 500 },
      oauthClientSecret: optionalSecret,
      oauthRefreshToken: optionalSecret,
      oauthTokenUrl: { type: ['string', 'null'], format: 'uri', pattern: '^https?://', maxLength: 2000 },
      fromAddress: { type: 'string', minLength: 3, maxLength: 320 },
      dailyCap: { type: ['integer', 'null'], minimum: 0 },
      windowStartMinute: minuteOfDay,
      windowEndMinute: minuteOfDay,
      /** IANA zone name (`Europe/Berlin`) of the send window and the daily cap's day; default UTC. */
      timezone: { type: 'string', minLength: 1, maxLength: 64 },
      isDefault: { type: 'boolean' },
      enabled: { type: 'boolean' },
    },
  } as const
}

export const accountSchema = {
  type: 'object',
  required: ['id', 'name', 'host', 'port', 'authType', 'fromAddress', 'enabled'],
  properties: {
    id: uuid,
    name: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'integer' },
    secure: { type: 'boolean' },
    authType: { type: 'string' },
    username: nullableString,
    oauthClientId: nullableString,
    oauthTokenUrl: nullableString,
    hasPassword: { type: 'boolean' },
    hasOAuthClientSecret: { type: 'boolean' },
    hasOAuthRefreshToken: { type: 'boolean' },
    fromAddress: { type: 'string' },
    dailyCap: { type: ['integer', 'null'] },
    windowStartMinute: { type: ['integer', 'null'] },
    windowEndMinute: { type: ['integer', 'null'] },
    timezone: { type: 'string' },
    isDefault: { type: 'boolean' },
    enabled: { type: 'boolean' },
    disabledReason: nullableString,
    disabledAt: nullableDateTime,
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const

import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { RouteDeps } from './route-deps.js'
import { bearerAuth, responses, uuidParams } from './schemas.js'
import { crudRoutes, type Row } from './settings-crud.js'
import {
  adminOnly,
  instant,
  internalApi,
  nullableInstant,
  nullableString,
  strictObject,
} from './settings-proxy.js'

const email = { type: 'string', format: 'email', maxLength: 320 } as const

const mailboxJson = strictObject({
  id: { type: 'string' },
  name: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'integer' },
  secure: { type: 'boolean', description: 'Implicit TLS (IMAPS)' },
  authType: { type: 'string', enum: ['password', 'xoauth2'] },
  username: { type: 'string' },
  hasPassword: { type: 'boolean' },
  oauth: {
    type: ['object', 'null'],
    additionalProperties: false,
    required: ['tokenUrl', 'clientId', 'hasClientSecret', 'hasRefreshToken'],
    properties: {
      tokenUrl: { type: 'string' },
      clientId: { type: 'string' },
      hasClientSecret: { type: 'boolean' },
      hasRefreshToken: { type: 'boolean' },
    },
  },
  folders: { type: 'array', items: { type: 'string' } },
  enabled: { type: 'boolean' },
  alertRecipients: { type: 'array', items: { type: 'string' } },
  lastError: nullableString,
  lastErrorType: nullableString,
  lastErrorAt: nullableInstant,
  lastSyncAt: nullableInstant,
  createdAt: instant,
  updatedAt: instant,
})

const mailboxFields = {
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

const statusJson = strictObject(
  {
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
  },
  ['lastError', 'lastSyncAt'],
)

interface InternalOauth {
  tokenUrl: string
  clientId: string
  clientSecret: string | null
  refreshToken: string | null
}

/** The public view: credentials only as "is set" flags. */
function present(row: Row): Row {
  const { password, oauth, ...rest } = row as Row & { password: string | null; oauth: InternalOauth | null }
  return {
    ...rest,
    hasPassword: password !== null && password !== undefined,
    oauth: oauth
      ? {
          tokenUrl: oauth.tokenUrl,
          clientId: oauth.clientId,
          hasClientSecret: oauth.clientSecret !== null,
          hasRefreshToken: oauth.refreshToken !== null,
        }
      : null,
  }
}

/** Watched mailboxes held by imap-poller (administrators only; credentials write-only). */
export function mailboxRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  crudRoutes(app, deps, {
    path: 'mailboxes',
    tag: 'mailboxes',
    noun: 'mailbox',
    auditType: 'mailbox',
    baseUrl: ({ config }) => config.IMAP_POLLER_URL,
    item: mailboxJson,
    fields: mailboxFields,
    required: ['name', 'host', 'port', 'username'],
    summaryFields: ['name', 'host', 'port', 'username', 'authType', 'enabled', 'hasPassword'],
    read: adminOnly,
    present,
  })

  app.get<{ Params: { id: string } }>(
    '/mailboxes/:id/status',
    {
      preHandler: adminOnly,
      schema: {
        tags: ['mailboxes'],
        summary: 'Sync state of a mailbox: folders, cursors, last error (admin)',
        security: bearerAuth,
        params: uuidParams,
        response: responses({ 200: statusJson }),
      },
    },
    async (request: FastifyRequest<{ Params: { id: string } }>) =>
      internalApi(request, deps.config.IMAP_POLLER_URL, deps.config.INTERNAL_API_TOKEN).get<unknown>(
        `/internal/v1/mailboxes/${request.params.id}/status`,
      ),
  )
  return Promise.resolve()
}

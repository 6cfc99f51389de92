import { mailboxStatusProperties, mailboxWriteFields } from '@leadflow/api-schemas'
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

const statusJson = strictObject(mailboxStatusProperties, ['lastError', 'lastSyncAt'])

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
    fields: mailboxWriteFields,
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

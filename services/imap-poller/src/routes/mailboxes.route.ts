import type { SecretBox } from '@leadflow/crypto'
import type { FastifyPluginAsync } from 'fastify'
import { decodeCursor, encodeCursor } from '../domain/list-cursor.js'
import { toMailboxView } from '../domain/mailbox-view.js'
import { invalidCursor, mailboxNameTaken, mailboxNotFound, missingCredentials } from '../errors.js'
import { Prisma, type PrismaClient } from '../generated/prisma/client.js'
import {
  createMailboxBody,
  idParams,
  listQuery,
  mailboxList,
  mailboxStatus,
  mailboxView,
  updateMailboxBody,
} from './mailbox.schemas.js'

export interface MailboxRoutesOptions {
  db: PrismaClient
  secretBox: SecretBox
  /** Called after a mailbox was created, changed or deleted. */
  onChanged: () => void
}

interface MailboxInput {
  name?: string
  host?: string
  port?: number
  secure?: boolean
  authType?: 'password' | 'xoauth2'
  username?: string
  password?: string
  oauth?: { tokenUrl: string; clientId: string; clientSecret?: string; refreshToken: string }
  folders?: string[]
  enabled?: boolean
  alertRecipients?: string[]
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002'
}

function isNotFound(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2025'
}

export const mailboxRoutes: FastifyPluginAsync<MailboxRoutesOptions> = (
  app,
  { db, secretBox, onChanged },
) => {
  function columns(input: MailboxInput) {
    const { password, oauth, ...plain } = input
    return {
      ...plain,
      ...(password === undefined ? {} : { passwordEnc: secretBox.encrypt(password) }),
      ...(oauth === undefined
        ? {}
        : {
            oauthTokenUrl: oauth.tokenUrl,
            oauthClientId: oauth.clientId,
            oauthClientSecretEnc:
              oauth.clientSecret === undefined ? null : secretBox.encrypt(oauth.clientSecret),
            oauthRefreshTokenEnc: secretBox.encrypt(oauth.refreshToken),
          }),
    }
  }

  function checkCredentials(authType: string, hasPassword: boolean, hasOauth: boolean) {
    if (authType === 'password' && !hasPassword)
      throw missingCredentials('A password mailbox needs a password')
    if (authType === 'xoauth2' && !hasOauth)
      throw missingCredentials('An xoauth2 mailbox needs oauth settings')
  }

  app.post<{ Body: MailboxInput }>(
    '/mailboxes',
    { schema: { body: createMailboxBody, response: { 201: mailboxView } } },
    async (request, reply) => {
      const input = request.body
      checkCredentials(input.authType ?? 'password', input.password !== undefined, input.oauth !== undefined)
      const data = columns(input) as Prisma.MailboxCreateInput
      const mailbox = await db.mailbox.create({ data }).catch((err: unknown) => {
        throw isUniqueViolation(err) ? mailboxNameTaken(input.name ?? '') : err
      })
      onChanged()
      return reply.code(201).send(toMailboxView(mailbox))
    },
  )

  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    '/mailboxes',
    { schema: { querystring: listQuery, response: { 200: mailboxList } } },
    async (request) => {
      const { limit, cursor } = request.query
      const after = cursor === undefined ? null : decodeCursor(cursor)
      if (cursor !== undefined && after === null) throw invalidCursor()
      const rows = await db.mailbox.findMany({
        where: after
          ? {
              OR: [
                { createdAt: { gt: after.createdAt } },
                { createdAt: after.createdAt, id: { gt: after.id } },
              ],
            }
          : {},
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: limit + 1,
      })
      const page = rows.slice(0, limit)
      const last = page.at(-1)
      return {
        data: page.map(toMailboxView),
        nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
      }
    },
  )

  app.get<{ Params: { id: string } }>(
    '/mailboxes/:id',
    { schema: { params: idParams, response: { 200: mailboxView } } },
    async (request) => {
      const mailbox = await db.mailbox.findUnique({ where: { id: request.params.id } })
      if (!mailbox) throw mailboxNotFound(request.params.id)
      return toMailboxView(mailbox)
    },
  )

  app.patch<{ Params: { id: string }; Body: MailboxInput }>(
    '/mailboxes/:id',
    { schema: { params: idParams, body: updateMailboxBody, response: { 200: mailboxView } } },
    async (request) => {
      const { id } = request.params
      const current = await db.mailbox.findUnique({ where: { id } })
      if (!current) throw mailboxNotFound(id)
      const input = request.body
      checkCredentials(
        input.authType ?? current.authType,
        input.password !== undefined || current.passwordEnc !== null,
        input.oauth !== undefined || current.oauthRefreshTokenEnc !== null,
      )
      const mailbox = await db.mailbox
        .update({ where: { id }, data: { ...columns(input), lastError: null, lastErrorType: null } })
        .catch((err: unknown) => {
          if (isUniqueViolation(err)) throw mailboxNameTaken(input.name ?? '')
          if (isNotFound(err)) throw mailboxNotFound(id)
          throw err
        })
      onChanged()
      return toMailboxView(mailbox)
    },
  )

  app.delete<{ Params: { id: string } }>(
    '/mailboxes/:id',
    { schema: { params: idParams } },
    async (request, reply) => {
      const { count } = await db.mailbox.deleteMany({ where: { id: request.params.id } })
      if (count === 0) throw mailboxNotFound(request.params.id)
      onChanged()
      return reply.code(204).send()
    },
  )

  app.get<{ Params: { id: string } }>(
    '/mailboxes/:id/status',
    { schema: { params: idParams, response: { 200: mailboxStatus } } },
    async (request) => {
      const { id } = request.params
      const mailbox = await db.mailbox.findUnique({
        where: { id },
        include: { cursors: { orderBy: { folder: 'asc' } } },
      })
      if (!mailbox) throw mailboxNotFound(id)
      const messagesReceived = await db.receivedMessage.count({ where: { mailboxId: id } })
      return {
        mailboxId: mailbox.id,
        enabled: mailbox.enabled,
        lastSyncAt: mailbox.lastSyncAt?.toISOString() ?? null,
        lastError: mailbox.lastError
          ? {
              type: mailbox.lastErrorType,
              message: mailbox.lastError,
              at: mailbox.lastErrorAt?.toISOString() ?? null,
            }
          : null,
        messagesReceived,
        folders: mailbox.cursors.map((cursor) => ({
          folder: cursor.folder,
          uidValidity: cursor.uidValidity.toString(),
          highestUid: cursor.highestUid.toString(),
          highestModSeq: cursor.highestModSeq?.toString() ?? null,
          lastSyncAt: cursor.lastSyncAt?.toISOString() ?? null,
        })),
      }
    },
  )

  return Promise.resolve()
}

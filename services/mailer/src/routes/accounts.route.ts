import type { SecretBox } from '@leadflow/crypto'
import { appError } from '@leadflow/http'
import type { FastifyInstance } from 'fastify'
import { page } from '../domain/list-cursor.js'
import { isTimeZone } from '../domain/local-time.js'
import { accountExists, accountNotFound } from '../errors.js'
import { Prisma, type PrismaClient, type SenderAccount } from '../generated/prisma/client.js'
import { accountBody, accountSchema, type AccountInput } from './account.schemas.js'
import { afterCreated, idParams, listOf, listQuery, noContent, type ListQuery } from './json-schemas.js'

export interface AccountRoutesOptions {
  db: PrismaClient
  box: SecretBox
}

/** Secrets are write-only: answers only say whether one is set. */
function toJson(a: SenderAccount) {
  return {
    ...a,
    hasPassword: a.passwordEnc !== null,
    hasOAuthClientSecret: a.oauthClientSecretEnc !== null,
    hasOAuthRefreshToken: a.oauthRefreshTokenEnc !== null,
  }
}

function toData(input: Partial<AccountInput>, box: SecretBox) {
  if (input.timezone !== undefined && !isTimeZone(input.timezone))
    throw appError('validation_failed', `unknown time zone ${input.timezone}`, {
      errors: [{ field: 'timezone', message: 'must be an IANA time zone name such as Europe/Berlin' }],
    })
  const { password, oauthClientSecret, oauthRefreshToken, ...plain } = input
  const seal = (value: string | null | undefined) =>
    value === undefined ? undefined : value === null ? null : box.encrypt(value)
  const data = {
    ...plain,
    passwordEnc: seal(password),
    oauthClientSecretEnc: seal(oauthClientSecret),
    oauthRefreshTokenEnc: seal(oauthRefreshToken),
    // Re-enabling an account clears why it was disabled.
    ...(plain.enabled === true ? { disabledReason: null, disabledAt: null } : {}),
  }
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined))
}

function uniqueName(err: unknown, name: string | undefined): never {
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')
    throw accountExists(name ?? '')
  throw err
}

export function accountRoutes(app: FastifyInstance, { db, box }: AccountRoutesOptions): Promise<void> {
  async function load(id: string) {
    const account = await db.senderAccount.findUnique({ where: { id } })
    if (!account) throw accountNotFound(id)
    return account
  }

  app.post<{ Body: AccountInput }>(
    '/accounts',
    { schema: { body: accountBody(true), response: { 201: accountSchema } } },
    async (request, reply) => {
      const data = toData(request.body, box) as Prisma.SenderAccountCreateInput
      const account = await db
        .$transaction(async (tx) => {
          if (data.isDefault) await tx.senderAccount.updateMany({ data: { isDefault: false } })
          return tx.senderAccount.create({ data })
        })
        .catch((err: unknown) => uniqueName(err, request.body.name))
      return reply.code(201).send(toJson(account))
    },
  )

  app.get<{ Querystring: ListQuery }>(
    '/accounts',
    { schema: { querystring: listQuery, response: { 200: listOf(accountSchema) } } },
    async (request) => {
      const { limit, cursor } = request.query
      const rows = await db.senderAccount.findMany({
        where: afterCreated(cursor),
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: limit + 1,
      })
      const result = page(rows, limit, (a) => [a.createdAt.toISOString(), a.id])
      return { data: result.data.map(toJson), nextCursor: result.nextCursor }
    },
  )

  app.get<{ Params: { id: string } }>(
    '/accounts/:id',
    { schema: { params: idParams, response: { 200: accountSchema } } },
    async (request) => toJson(await load(request.params.id)),
  )

  app.patch<{ Params: { id: string }; Body: Partial<AccountInput> }>(
    '/accounts/:id',
    { schema: { params: idParams, body: accountBody(false), response: { 200: accountSchema } } },
    async (request) => {
      await load(request.params.id)
      const data = toData(request.body, box)
      const account = await db
        .$transaction(async (tx) => {
          if (data.isDefault === true) await tx.senderAccount.updateMany({ data: { isDefault: false } })
          return tx.senderAccount.update({ where: { id: request.params.id }, data })
        })
        .catch((err: unknown) => uniqueName(err, request.body.name))
      return toJson(account)
    },
  )

  app.delete<{ Params: { id: string } }>(
    '/accounts/:id',
    { schema: { params: idParams, response: noContent } },
    async (request, reply) => {
      const { count } = await db.senderAccount.deleteMany({ where: { id: request.params.id } })
      if (count === 0) throw accountNotFound(request.params.id)
      return reply.code(204).send()
    },
  )
  return Promise.resolve()
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createSecretBox } from '@leadflow/crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Mailbox } from '../src/generated/prisma/client.js'
import { createImapAuth } from '../src/imap/imap-auth.js'

type Answer = (body: URLSearchParams, res: ServerResponse) => void

describe('IMAP credentials against a local OAuth2 token endpoint', () => {
  const box = createSecretBox('insecure-test-data-encryption-key')
  let server: Server
  let tokenUrl: string
  let answer: Answer
  const requests: { contentType: string | undefined; body: URLSearchParams }[] = []

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let raw = ''
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()))
      req.on('end', () => {
        const body = new URLSearchParams(raw)
        requests.push({ contentType: req.headers['content-type'], body })
        answer(body, res)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  function mailbox(overrides: Partial<Mailbox> = {}): Mailbox {
    const now = new Date()
    return {
      id: `mbx-${Math.random()}`,
      name: 'oauth',
      host: 'imap.example.test',
      port: 993,
      secure: true,
      authType: 'xoauth2',
      username: 'sales@example.test',
      passwordEnc: null,
      oauthTokenUrl: tokenUrl,
      oauthClientId: 'client-1',
      oauthClientSecretEnc: box.encrypt('client-secret'),
      oauthRefreshTokenEnc: box.encrypt('refresh-1'),
      folders: ['INBOX'],
      enabled: true,
      alertRecipients: [],
      lastError: null,
      lastErrorType: null,
      lastErrorAt: null,
      lastSyncAt: null,
      createdAt: now,
      updatedAt: now,
      ...overrides,
    }
  }

  const json =
    (status: number, body: unknown): Answer =>
    (_body, res) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    }

  it('exchanges the refresh token with a form body and caches the access token until it expires', async () => {
    answer = json(200, { access_token: 'access-1', expires_in: 3600, token_type: 'Bearer' })
    const auth = createImapAuth(box)
    const target = mailbox()
    const before = requests.length
    expect(await auth.credentials(target)).toEqual({ user: 'sales@example.test', accessToken: 'access-1' })
    expect(await auth.credentials(target)).toEqual({ user: 'sales@example.test', accessToken: 'access-1' })
    expect(requests.length - before).toBe(1)
    const request = requests.at(-1)
    expect(request?.contentType).toBe('application/x-www-form-urlencoded')
    expect(Object.fromEntries(request?.body ?? [])).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'refresh-1',
      client_id: 'client-1',
      client_secret: 'client-secret',
    })
    auth.invalidate(target.id)
    answer = json(200, { access_token: 'access-2', expires_in: 3600 })
    expect(await auth.credentials(target)).toEqual({ user: 'sales@example.test', accessToken: 'access-2' })
  })

  it.each([
    ['a refused grant', json(400, { error: 'invalid_grant' }), /answered 400/],
    ['an answer without a token', json(200, { token_type: 'Bearer' }), /no access_token/],
    ['an answer that is not JSON', (_b, res) => void res.writeHead(200).end('<html>'), /no access_token/],
  ])('reports %s as an authentication error', async (_name, reply, message) => {
    answer = reply
    const error = await createImapAuth(box)
      .credentials(mailbox())
      .catch((err: unknown) => err as Error & { code?: string })
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(message)
    expect((error as { code?: string }).code).toBe('EOAUTH')
  })

  it('decrypts the stored password of a password mailbox', async () => {
    const auth = createImapAuth(box)
    const target = mailbox({ authType: 'password', passwordEnc: box.encrypt('pw-1') })
    expect(await auth.credentials(target)).toEqual({ user: 'sales@example.test', pass: 'pw-1' })
  })
})

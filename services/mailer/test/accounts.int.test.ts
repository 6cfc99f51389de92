import { fixtures, sendEmailRequestedV1 } from '@leadflow/contracts'
import type { EventProducer } from '@leadflow/kafka'
import { createLogger } from '@leadflow/telemetry'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTokenProvider, OAuthGrantError } from '../src/delivery/oauth-token.js'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { startLocalHttp, type LocalHttp } from './support/local-http.js'
import { startConsumingMailer, type ConsumingMailer, type RunningMailer } from './support/mailer-harness.js'
import { startSmtpPeer, type SmtpPeer } from './support/smtp-peer.js'
import { waitFor } from './support/wait-for.js'

describe('sender accounts: XOAUTH2 and authentication failures', () => {
  let stack: ConsumingMailer
  let db: PrismaClient
  let oauthSmtp: SmtpPeer
  let passwordSmtp: SmtpPeer
  let tokenEndpoint: LocalHttp
  let mailer: RunningMailer
  let producer: EventProducer
  let tokenAnswers: Array<() => [number, string]> = []

  beforeAll(async () => {
    oauthSmtp = await startSmtpPeer({ accessToken: 'access-token-1' })
    passwordSmtp = await startSmtpPeer({ password: { user: 'sender', pass: 'right-password' } })
    tokenEndpoint = await startLocalHttp((_path, _body, _req, res) => {
      const [status, body] = tokenAnswers.shift()?.() ?? [500, '{}']
      res.writeHead(status, { 'content-type': 'application/json' }).end(body)
    })
    stack = await startConsumingMailer()
    ;({ db, mailer, producer } = stack)
  })
  afterAll(async () => {
    await stack?.stop()
    await oauthSmtp?.close()
    await passwordSmtp?.close()
    await tokenEndpoint?.close()
  })

  const send = (accountId: string, to: string) =>
    producer.send(
      sendEmailRequestedV1,
      fixtures.sendEmailRequested({ to: [to], template: 'mailbox-alert', accountId }),
    )

  it('sends through an XOAUTH2 account: form-encoded refresh grant, retried once, token cached', async () => {
    tokenAnswers = [
      () => [503, 'busy'],
      () => [200, JSON.stringify({ access_token: 'access-token-1', expires_in: 3600 })],
    ]
    const created = await mailer.call('POST', '/internal/v1/accounts', {
      name: 'oauth',
      host: '127.0.0.1',
      port: oauthSmtp.port,
      authType: 'xoauth2',
      username: 'sender@example.com',
      oauthClientId: 'client-1',
      oauthClientSecret: 'client-secret-1',
      oauthRefreshToken: 'refresh-token-1',
      oauthTokenUrl: `${tokenEndpoint.url}/token`,
      fromAddress: 'Sales <sender@example.com>',
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      hasOAuthClientSecret: true,
      hasOAuthRefreshToken: true,
      enabled: true,
    })
    expect(JSON.stringify(created.body)).not.toMatch(/client-secret-1|refresh-token-1/)
    const stored = await db.senderAccount.findUniqueOrThrow({ where: { id: created.body.id } })
    expect(stored.oauthRefreshTokenEnc).toMatch(/^v1\./)
    expect(stored.oauthRefreshTokenEnc).not.toContain('refresh-token-1')

    await send(created.body.id, 'first@example.com')
    await send(created.body.id, 'second@example.com')
    await waitFor('both mails', () => oauthSmtp.mails.length === 2)
    expect(tokenEndpoint.requests).toHaveLength(2) // one 503, one grant; the second mail used the cache
    const form = new URLSearchParams(tokenEndpoint.requests[1]?.body)
    expect(tokenEndpoint.requests[1]?.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'refresh_token',
      client_id: 'client-1',
      client_secret: 'client-secret-1',
      refresh_token: 'refresh-token-1',
    })
  })

  it('disables an account whose credentials are refused (535) instead of retrying it', async () => {
    const created = await mailer.call('POST', '/internal/v1/accounts', {
      name: 'bad-credentials',
      host: '127.0.0.1',
      port: passwordSmtp.port,
      authType: 'password',
      username: 'sender',
      password: 'wrong-password',
      fromAddress: 'sender@example.com',
    })
    expect(created.body).toMatchObject({ hasPassword: true })
    expect(JSON.stringify(created.body)).not.toContain('wrong-password')
    await send(created.body.id, 'nobody@example.com')
    const account = await waitFor('the account to be disabled', async () => {
      const row = await mailer.call('GET', `/internal/v1/accounts/${created.body.id}`)
      return row.body.enabled === false ? row.body : undefined
    })
    expect(account.disabledReason).toMatch(/authentication failed: 535/)
    expect(passwordSmtp.authFailures).toBe(1)
    await send(created.body.id, 'nobody-else@example.com')
    await waitFor(
      'the second request to fail',
      async () =>
        (await db.outboundMail.count({
          where: { recipients: { has: 'nobody-else@example.com' }, status: 'failed' },
        })) === 1,
    )
    expect(passwordSmtp.authFailures).toBe(1)
    expect(passwordSmtp.mails).toHaveLength(0)
    const metrics = await (await fetch(`${mailer.url}/metrics`)).text()
    expect(metrics).toMatch(/mailer_account_disabled_total\{[^}]*account="bad-credentials"[^}]*\} 1/)
  })

  it('handles malformed and refusing token endpoints', async () => {
    const tokens = createTokenProvider({
      timeoutMs: 2_000,
      attempts: 3,
      retryBaseMs: 10,
      logger: createLogger({ service: 'mailer-test', level: 'silent' }),
    })
    const client = {
      tokenUrl: `${tokenEndpoint.url}/token`,
      clientId: 'c',
      clientSecret: 's',
      refreshToken: 'r',
    }
    tokenAnswers = [
      () => [200, 'not json'],
      () => [200, JSON.stringify({ access_token: 'tok-2', expires_in: 60 })],
    ]
    await expect(tokens.accessToken('a', client)).resolves.toBe('tok-2')
    tokenAnswers = [() => [400, JSON.stringify({ error: 'invalid_grant' })]]
    const before = tokenEndpoint.requests.length
    await expect(tokens.accessToken('b', client)).rejects.toBeInstanceOf(OAuthGrantError)
    expect(tokenEndpoint.requests.length - before).toBe(1)
    tokenAnswers = [() => [500, '{}'], () => [500, '{}'], () => [500, '{}']]
    await expect(tokens.accessToken('c', client)).rejects.toThrow(/oauth token unavailable/)
  })
})

/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- assertions read answers as untyped JSON */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  freshDatabaseUrl,
  internalToken,
  startPoller,
  type RunningPoller,
} from '../../imap-poller/test/poller-harness.js'
import { client, login, startGateway, type Gateway } from './gateway-harness.js'
import { expectProblem, signedInUser, type SignedIn } from './settings-users.js'

describe('mailboxes through the gateway and imap-poller', () => {
  let gw: Gateway
  let poller: RunningPoller
  let admin: string
  let head: SignedIn
  const call = () => client(gw.url)
  const password = `imap-password-${randomUUID()}`
  const refreshToken = `refresh-${randomUUID()}`

  beforeAll(async () => {
    // The mailboxes point at a closed port and stay disabled: only the API is under test.
    poller = await startPoller(await freshDatabaseUrl(), { IMAP_MAILBOX_REFRESH_MS: '60000' })
    gw = await startGateway({ IMAP_POLLER_URL: poller.url, INTERNAL_API_TOKEN: internalToken })
    admin = `Bearer ${(await login(call(), gw.adminEmail)).accessToken}`
    head = await signedInUser(gw.url, admin, 'head')
  }, 120_000)
  afterAll(async () => {
    await gw?.stop()
    await poller?.app.stop()
  })

  it('an admin creates, reads, changes and deletes a mailbox; credentials are never shown', async () => {
    const created = await call()('POST', '/api/v1/mailboxes', {
      auth: admin,
      body: {
        name: 'Sales inbox',
        host: '127.0.0.1',
        port: 1,
        username: 'sales@example.test',
        password,
        enabled: false,
      },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      name: 'Sales inbox',
      authType: 'password',
      hasPassword: true,
      oauth: null,
    })
    expect(created.body).not.toHaveProperty('password')
    const id = created.body.id as string

    const oauth = await call()('PATCH', `/api/v1/mailboxes/${id}`, {
      auth: admin,
      body: {
        authType: 'xoauth2',
        oauth: { tokenUrl: 'https://login.example.test/token', clientId: 'leadflow', refreshToken },
      },
    })
    expect(oauth.status).toBe(200)
    expect(oauth.body.oauth).toEqual({
      tokenUrl: 'https://login.example.test/token',
      clientId: 'leadflow',
      hasClientSecret: false,
      hasRefreshToken: true,
    })
    const rotated = await call()('PATCH', `/api/v1/mailboxes/${id}`, {
      auth: admin,
      body: { password: 'next-password' },
    })
    expect(rotated.status).toBe(200)

    const list = await call()('GET', '/api/v1/mailboxes', { auth: admin })
    const one = await call()('GET', `/api/v1/mailboxes/${id}`, { auth: admin })
    const status = await call()('GET', `/api/v1/mailboxes/${id}/status`, { auth: admin })
    expect(status.status).toBe(200)
    expect(status.body).toMatchObject({ mailboxId: id, enabled: false, messagesReceived: 0 })
    const audit = await call()('GET', `/api/v1/audit-log?targetId=${id}`, { auth: admin })
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual([
      'mailbox.update',
      'mailbox.update',
      'mailbox.create',
    ])
    expect(audit.body.data[0].after).toEqual({ changedSecrets: ['password'] })
    for (const answer of [created, oauth, rotated, list, one, audit]) {
      const text = JSON.stringify(answer.body)
      expect(text).not.toContain(password)
      expect(text).not.toContain(refreshToken)
      expect(text).not.toContain('next-password')
      expect(text).not.toContain('********')
    }
    expect(list.body.data.map((m: { id: string }) => m.id)).toContain(id)

    expect((await call()('DELETE', `/api/v1/mailboxes/${id}`, { auth: admin })).status).toBe(204)
    expectProblem(await call()('GET', `/api/v1/mailboxes/${id}`, { auth: admin }), 404)
  })

  it('refuses non-admins and invalid mailboxes with problem+json', async () => {
    expectProblem(await call()('GET', '/api/v1/mailboxes', { auth: head.auth }), 403, 'insufficient_role')
    expectProblem(
      await call()('POST', '/api/v1/mailboxes', {
        auth: head.auth,
        body: { name: 'x', host: 'imap.example.test', port: 993, username: 'x', password: 'y' },
      }),
      403,
    )
    const invalid = await call()('POST', '/api/v1/mailboxes', {
      auth: admin,
      body: { name: 'x', host: 'imap.example.test', port: 70000, username: 'x' },
    })
    expectProblem(invalid, 400, 'validation_failed')
    expect(invalid.body.errors[0].field).toContain('port')
    // imap-poller's own rule: a password mailbox needs a password.
    const noPassword = await call()('POST', '/api/v1/mailboxes', {
      auth: admin,
      body: { name: `np-${randomUUID()}`, host: 'imap.example.test', port: 993, username: 'x' },
    })
    expect(noPassword.status).toBe(400)
    expect(noPassword.headers.get('content-type')).toContain('application/problem+json')
  })
})

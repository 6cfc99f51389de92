import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { startConsumingMailer, type ConsumingMailer, type RunningMailer } from './support/mailer-harness.js'
import { startSmtpPeer, type SmtpPeer } from './support/smtp-peer.js'
import { waitFor } from './support/wait-for.js'

describe('mailer HTTP API', () => {
  let stack: ConsumingMailer
  let db: PrismaClient
  let smtp: SmtpPeer
  let mailer: RunningMailer

  beforeAll(async () => {
    smtp = await startSmtpPeer()
    stack = await startConsumingMailer({ SMTP_URL: smtp.url })
    ;({ db, mailer } = stack)
  })
  afterAll(async () => {
    await stack?.stop()
    await smtp?.close()
  })

  it('is ready and keeps every internal route behind the service token', async () => {
    expect((await fetch(`${mailer.url}/readyz`)).status).toBe(200)
    for (const path of ['/internal/v1/campaigns', '/internal/v1/accounts', '/internal/v1/suppressions']) {
      const response = await fetch(`${mailer.url}${path}`)
      expect(response.status).toBe(401)
      expect(response.headers.get('content-type')).toContain('application/problem+json')
    }
  })

  it('validates input with problem+json and answers unknown campaigns with 404', async () => {
    const bad = await mailer.call('POST', '/internal/v1/campaigns', {
      name: '',
      template: 'campaign',
      extra: 1,
    })
    expect(bad.status).toBe(400)
    expect(bad.body.code).toBe('validation_failed')
    const unknown = await mailer.call('POST', '/internal/v1/campaigns', { name: 'x', template: 'no-such' })
    expect(unknown.body).toMatchObject({ status: 400, code: 'unknown_template' })
    const missing = await mailer.call('GET', `/internal/v1/campaigns/${randomUUID()}/progress`)
    expect(missing.body).toMatchObject({ status: 404, code: 'campaign_not_found' })
    expect((await mailer.call('GET', '/internal/v1/suppressions?limit=500')).status).toBe(400)
  })

  it('pages lists with an opaque cursor', async () => {
    for (let i = 0; i < 3; i++)
      await mailer.call('POST', '/internal/v1/suppressions', { email: `page-${i}@example.com` })
    const first = await mailer.call('GET', '/internal/v1/suppressions?limit=2')
    expect(first.body.data).toHaveLength(2)
    expect(first.body.nextCursor).toEqual(expect.any(String))
    const second = await mailer.call(
      'GET',
      `/internal/v1/suppressions?limit=200&cursor=${first.body.nextCursor}`,
    )
    const emails = [...first.body.data, ...second.body.data].map((s) => s.email)
    expect(new Set(emails).size).toBe(emails.length)
    expect(emails).toEqual(
      expect.arrayContaining(['page-0@example.com', 'page-1@example.com', 'page-2@example.com']),
    )
    expect(second.body.nextCursor).toBeNull()
    expect((await mailer.call('DELETE', '/internal/v1/suppressions/page-0@example.com')).status).toBe(204)
    expect((await mailer.call('DELETE', '/internal/v1/suppressions/page-0@example.com')).status).toBe(404)
  })

  it('subscribes with double opt-in: pending, a confirmation mail, confirmed by its link', async () => {
    const address = `reader-${randomUUID().slice(0, 8)}@example.com`
    const subscribed = await mailer.call('POST', '/internal/v1/subscriptions', { email: address })
    expect(subscribed.status).toBe(202)
    expect(subscribed.body).toMatchObject({ email: address, list: 'newsletter', status: 'pending' })
    const mail = await waitFor('the confirmation mail', () => smtp.mails.find((m) => m.to.includes(address)))
    expect(mail.header('subject')).toContain('confirm your subscription')
    const link = /http:\/\/\S+\/s\/[\w-]{38}/.exec(mail.decoded)?.[0] ?? ''
    const confirmed = await fetch(`${mailer.url}${new URL(link).pathname}`)
    expect(confirmed.status).toBe(200)
    const row = await db.subscription.findUniqueOrThrow({ where: { id: subscribed.body.id } })
    expect(row.status).toBe('confirmed')
    expect((await fetch(`${mailer.url}/s/${'B'.repeat(38)}`)).status).toBe(404)
  })
})

describe('mailer process configuration', () => {
  it('exits non-zero naming every missing or invalid variable', async () => {
    const env = { PATH: process.env.PATH, SMTP_URL: 'http://not-smtp', MAIL_RETRY_BASE_MS: 'soon' }
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: new URL('..', import.meta.url),
      env,
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code).toBe(1)
    for (const name of ['DATABASE_URL', 'SMTP_URL', 'MAIL_RETRY_BASE_MS']) expect(stderr).toContain(name)
  })
})

import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { newClient, newDatabase, startMailer, type RunningMailer } from './support/mailer-harness.js'
import { startSmtpPeer, type SmtpPeer } from './support/smtp-peer.js'
import { waitFor } from './support/wait-for.js'

describe('campaigns over a real SMTP peer', () => {
  let db: PrismaClient
  let databaseUrl: string
  let smtp: SmtpPeer
  let mailer: RunningMailer
  const overrides = () => ({
    GROUP_ID: `mailer-test-${randomUUID()}`,
    SMTP_URL: smtp.url,
    CAMPAIGN_BATCH_SIZE: '2',
  })

  beforeAll(async () => {
    databaseUrl = (await newDatabase()).url
    db = newClient(databaseUrl)
    smtp = await startSmtpPeer()
    mailer = await startMailer(databaseUrl, overrides())
  })
  afterAll(async () => {
    await mailer?.stop()
    await smtp?.close()
    await db?.$disconnect()
  })

  const audience = (tag: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      email: `${tag}-${i}@example.com`,
      variables: { greeting: `Hi #${i}` },
    }))

  async function createCampaign(via: RunningMailer, recipients: { email: string }[]) {
    const created = await via.call('POST', '/internal/v1/campaigns', {
      name: `spring ${randomUUID().slice(0, 6)}`,
      template: 'campaign',
      variables: { subject: 'Spring offer', body: 'Ten percent off <this> week & next.' },
      recipients,
    })
    expect(created.status).toBe(201)
    return created.body.id
  }

  const progress = async (via: RunningMailer, id: string) =>
    (await via.call('GET', `/internal/v1/campaigns/${id}/progress`)).body as Record<string, number | string>

  it('delivers one mail per recipient with RFC 8058 one-click unsubscribe headers; an unsubscriber gets nothing next time', async () => {
    const tag = `c-${randomUUID().slice(0, 8)}`
    const recipients = audience(tag, 5)
    const id = await createCampaign(mailer, recipients)
    expect((await mailer.call('POST', `/internal/v1/campaigns/${id}/start`)).status).toBe(200)
    await waitFor('the campaign to complete', async () => (await progress(mailer, id)).status === 'completed')
    expect(await progress(mailer, id)).toEqual({
      status: 'completed',
      total: 5,
      sent: 5,
      failed: 0,
      suppressed: 0,
      complained: 0,
      remaining: 0,
    })
    const mails = smtp.mails.filter((m) => m.to[0]?.startsWith(`${tag}-`))
    expect(mails.map((m) => m.to[0]).sort()).toEqual(recipients.map((r) => r.email).sort())
    for (const mail of mails) {
      expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')
      expect(mail.header('list-unsubscribe')).toMatch(/^<http:\/\/[^>]+\/u\/[\w-]{38}>, <mailto:[^>]+>$/)
      expect(mail.decoded).toContain('&lt;this&gt; week &amp; next')
      expect(mail.decoded).toContain('Ten percent off <this> week & next.')
    }

    // The first recipient clicks one-click unsubscribe in their mail client.
    const leaving = mails.find((m) => m.to[0] === recipients[0]?.email)
    const link = /<(http[^>]+)>/.exec(leaving?.header('list-unsubscribe') ?? '')?.[1] ?? ''
    const page = await fetch(`${mailer.url}${new URL(link).pathname}`)
    expect(await page.text()).toContain('<form method="post"')
    expect(await db.suppression.findUnique({ where: { email: recipients[0]?.email ?? '' } })).toBeNull()
    const oneClick = await fetch(`${mailer.url}${new URL(link).pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    })
    expect(oneClick.status).toBe(200)
    expect((await fetch(`${mailer.url}/u/${'A'.repeat(38)}`, { method: 'POST' })).status).toBe(404)

    const second = await createCampaign(mailer, recipients)
    await mailer.call('POST', `/internal/v1/campaigns/${second}/start`)
    await waitFor(
      'the second campaign to complete',
      async () => (await progress(mailer, second)).status === 'completed',
    )
    expect(await progress(mailer, second)).toMatchObject({ sent: 4, suppressed: 1, remaining: 0 })
    const toLeaver = smtp.mails.filter((m) => m.to[0] === recipients[0]?.email)
    expect(toLeaver).toHaveLength(1)
  })

  it('pauses and resumes, and a crash mid-run resumes without sending anyone twice', async () => {
    const tag = `r-${randomUUID().slice(0, 8)}`
    const recipients = audience(tag, 12)
    smtp.options.delayMs = 100
    const id = await createCampaign(mailer, recipients)
    const sentTo = () => smtp.mails.filter((m) => m.to[0]?.startsWith(`${tag}-`))
    await mailer.call('POST', `/internal/v1/campaigns/${id}/start`)
    await waitFor('some mails', () => sentTo().length >= 2)
    expect((await mailer.call('POST', `/internal/v1/campaigns/${id}/pause`)).body.status).toBe('paused')
    const atPause = sentTo().length
    expect((await mailer.call('POST', `/internal/v1/campaigns/${id}/pause`)).status).toBe(409)
    await mailer.call('POST', `/internal/v1/campaigns/${id}/resume`)
    await waitFor('more mails', () => sentTo().length >= atPause + 3)

    await mailer.stop() // the process goes away mid-campaign
    expect(sentTo().length).toBeLessThan(12)
    mailer = await startMailer(databaseUrl, overrides())
    await waitFor(
      'the resumed campaign to complete',
      async () => (await progress(mailer, id)).status === 'completed',
      30_000,
    )
    smtp.options.delayMs = 0
    const delivered = sentTo().map((m) => m.to[0])
    expect(delivered).toHaveLength(12)
    expect(new Set(delivered).size).toBe(12)
    expect(await progress(mailer, id)).toMatchObject({ sent: 12, remaining: 0 })
  })

  it("keeps to an account's daily cap and leaves the rest for later", async () => {
    const tag = `cap-${randomUUID().slice(0, 8)}`
    const account = await mailer.call('POST', '/internal/v1/accounts', {
      name: tag,
      host: '127.0.0.1',
      port: smtp.port,
      authType: 'none',
      fromAddress: `news@${tag}.example.com`,
      dailyCap: 3,
    })
    expect(account.status).toBe(201)
    const created = await mailer.call('POST', '/internal/v1/campaigns', {
      name: tag,
      template: 'campaign',
      variables: { subject: 'Capped', body: 'Hello' },
      accountId: account.body.id,
      recipients: audience(tag, 5),
    })
    await mailer.call('POST', `/internal/v1/campaigns/${created.body.id}/start`)
    await waitFor('the cap to be reached', async () => (await progress(mailer, created.body.id)).sent === 3)
    // Several runner ticks later nothing more went out.
    const ticks = Date.now() + 500
    await waitFor('a few runner ticks', () => Date.now() > ticks)
    expect(await progress(mailer, created.body.id)).toMatchObject({
      status: 'running',
      sent: 3,
      remaining: 2,
    })
    expect(smtp.mails.filter((m) => m.to[0]?.startsWith(`${tag}-`))).toHaveLength(3)
  })
})

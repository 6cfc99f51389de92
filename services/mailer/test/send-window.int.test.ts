import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newDatabase, startMailer, type RunningMailer } from './support/mailer-harness.js'
import { startSmtpPeer, type SmtpPeer } from './support/smtp-peer.js'
import { waitFor } from './support/wait-for.js'

describe("send windows in the sender account's time zone", () => {
  let smtp: SmtpPeer
  let mailer: RunningMailer

  beforeAll(async () => {
    smtp = await startSmtpPeer()
    mailer = await startMailer((await newDatabase()).url, { GROUP_ID: `mailer-test-${randomUUID()}` })
  })
  afterAll(async () => {
    await mailer?.stop()
    await smtp?.close()
  })

  it('holds a campaign outside the local window and sends once the window is open where the account is', async () => {
    const tag = `tz-${randomUUID().slice(0, 8)}`
    const now = new Date()
    const utcMinute = now.getUTCHours() * 60 + now.getUTCMinutes()
    // Open now in UTC; in Tokyo (UTC+9, no DST) it is nine hours later, well outside.
    const account = {
      name: tag,
      host: '127.0.0.1',
      port: smtp.port,
      authType: 'none',
      fromAddress: `news@${tag}.example`,
      windowStartMinute: (utcMinute + 1440 - 5) % 1440,
      windowEndMinute: (utcMinute + 30) % 1440,
      timezone: 'Asia/Tokyo',
    }
    const created = await mailer.call('POST', '/internal/v1/accounts', account)
    expect(created.body).toMatchObject({ timezone: 'Asia/Tokyo' })
    const refused = await mailer.call('POST', '/internal/v1/accounts', {
      ...account,
      name: `${tag}-x`,
      timezone: '+02:00',
    })
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'timezone' }] })

    const campaign = await mailer.call('POST', '/internal/v1/campaigns', {
      name: tag,
      template: 'campaign',
      variables: { subject: 'Local hours', body: 'Hello' },
      accountId: created.body.id,
      recipients: [0, 1].map((i) => ({ email: `r${i}@${tag}.example` })),
    })
    const id = campaign.body.id
    await mailer.call('POST', `/internal/v1/campaigns/${id}/start`)
    const progress = async () => (await mailer.call('GET', `/internal/v1/campaigns/${id}/progress`)).body
    // Several runner ticks later nothing went out: it is night in Tokyo.
    const ticks = Date.now() + 600
    await waitFor('a few runner ticks', () => Date.now() > ticks)
    expect(await progress()).toMatchObject({ status: 'running', sent: 0, remaining: 2 })

    const moved = await mailer.call('PATCH', `/internal/v1/accounts/${created.body.id}`, { timezone: 'UTC' })
    expect(moved.body).toMatchObject({ timezone: 'UTC' })
    await waitFor('the campaign to complete', async () => (await progress()).status === 'completed')
    expect(await progress()).toMatchObject({ sent: 2, remaining: 0 })
    expect(smtp.mails.filter((m) => m.to[0]?.endsWith(`@${tag}.example`))).toHaveLength(2)
  })
})

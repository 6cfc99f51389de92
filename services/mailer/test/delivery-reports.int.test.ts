import { randomUUID } from 'node:crypto'
import { mailFailedV1 } from '@leadflow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import {
  collectEvents,
  newClient,
  newDatabase,
  serviceToken,
  startMailer,
  type RunningMailer,
} from './support/mailer-harness.js'
import { arfComplaint, outOfOffice } from './support/feedback-samples.js'
import { postfixBounce } from './support/report-samples.js'
import { startSmtpPeer, type SmtpPeer } from './support/smtp-peer.js'
import { waitFor } from './support/wait-for.js'

describe('bounce and complaint reports arriving after the mail went out', () => {
  let db: PrismaClient
  let smtp: SmtpPeer
  let mailer: RunningMailer

  beforeAll(async () => {
    const databaseUrl = (await newDatabase()).url
    db = newClient(databaseUrl)
    smtp = await startSmtpPeer()
    mailer = await startMailer(databaseUrl, { GROUP_ID: `mailer-test-${randomUUID()}`, SMTP_URL: smtp.url })
  })
  afterAll(async () => {
    await mailer?.stop()
    await smtp?.close()
    await db?.$disconnect()
  })

  const report = (body: Buffer, token = serviceToken) =>
    fetch(`${mailer.url}/internal/v1/bounces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'message/rfc822' },
      body,
    })

  async function runCampaign(tag: string, emails: string[]) {
    const created = await mailer.call('POST', '/internal/v1/campaigns', {
      name: tag,
      template: 'campaign',
      variables: { subject: 'Spring offer', body: 'Ten percent off.' },
      recipients: emails.map((email) => ({ email })),
    })
    const id = created.body.id
    await mailer.call('POST', `/internal/v1/campaigns/${id}/start`)
    await waitFor(
      'the campaign to complete',
      async () =>
        (await mailer.call('GET', `/internal/v1/campaigns/${id}/progress`)).body.status === 'completed',
    )
    return id
  }

  it('a permanent bounce and a complaint suppress their address and mark the mail; a delay changes nothing', async () => {
    const tag = `rep-${randomUUID().slice(0, 8)}`
    const [gone, annoyed, slow] = ['gone', 'annoyed', 'slow'].map((n) => `${n}@${tag}.example`) as [
      string,
      string,
      string,
    ]
    const id = await runCampaign(tag, [gone, annoyed, slow])
    const messageIdOf = (to: string) => smtp.mails.find((m) => m.to[0] === to)?.header('message-id') ?? ''
    const failed = await collectEvents(mailFailedV1, (e) => e.to.includes(gone))

    const bounced = await report(postfixBounce({ to: gone, messageId: messageIdOf(gone) }))
    expect(await bounced.json()).toMatchObject({
      kind: 'delivery-status',
      recipients: [{ email: gone, verdict: 'hard_bounce', status: '5.1.1', suppressed: true, marked: 1 }],
    })
    // A feedback loop that redacts the recipient: the returned Message-ID says who complained.
    const complaint = await report(
      arfComplaint({ to: annoyed, messageId: messageIdOf(annoyed) }, { rcptTo: null }),
    )
    expect(await complaint.json()).toMatchObject({
      kind: 'feedback-report',
      recipients: [{ email: annoyed, verdict: 'complaint', suppressed: true, marked: 1 }],
    })
    const delayed = await report(
      postfixBounce(
        { to: slow, messageId: messageIdOf(slow) },
        { action: 'delayed', status: '4.4.1', reportId: `<delay-${tag}@mx.example.net>` },
      ),
    )
    expect(await delayed.json()).toMatchObject({
      recipients: [{ email: slow, verdict: 'delayed', suppressed: false, marked: 0 }],
    })
    // The same bounce handed over again (a mailbox read twice) changes nothing.
    const again = await report(postfixBounce({ to: gone, messageId: messageIdOf(gone) }))
    expect(await again.json()).toMatchObject({ recipients: [{ email: gone, duplicate: true, marked: 0 }] })

    expect((await mailer.call('GET', `/internal/v1/campaigns/${id}/progress`)).body).toEqual({
      status: 'completed',
      total: 3,
      sent: 1,
      failed: 1,
      suppressed: 0,
      complained: 1,
      remaining: 0,
    })
    const list = (await mailer.call('GET', '/internal/v1/suppressions?limit=200')).body.data
    const mine = list.filter((s) => s.email.endsWith(`@${tag}.example`))
    expect(mine.map((s) => [s.email, s.reason])).toEqual([
      [annoyed, 'complaint'],
      [gone, 'hard_bounce'],
    ])
    await waitFor('MailFailed for the bounce', () => failed.events.length >= 1, 30_000)
    await failed.stop()
    expect(failed.events.map((e) => [e.requestId.startsWith(`campaign:${id}:`), e.permanent, e.to])).toEqual([
      [true, true, [gone]],
    ])
    expect(failed.events[0]?.reason).toMatch(/^bounced: 5\.1\.1/)

    // The next campaign to the same people reaches only the one whose mail was merely delayed.
    const next = await runCampaign(`${tag}-2`, [gone, annoyed, slow])
    expect((await mailer.call('GET', `/internal/v1/campaigns/${next}/progress`)).body).toMatchObject({
      sent: 1,
      suppressed: 2,
    })
    expect(smtp.mails.filter((m) => m.to[0] === slow)).toHaveLength(2)
    expect(smtp.mails.filter((m) => m.to[0] === gone || m.to[0] === annoyed)).toHaveLength(2)
  })

  it('a bounce that returns no Message-ID fails the latest mail sent to the address', async () => {
    const address = `owner-${randomUUID().slice(0, 8)}@example.com`
    const sentMail = (requestId: string, sentAt: Date) => ({
      requestId,
      eventId: requestId,
      recipient: address,
      recipients: [address],
      template: 'lead-assigned',
      status: 'sent',
      attempts: 1,
      messageId: `<${randomUUID()}@leadflow.test>`,
      sentAt,
    })
    const older = await db.outboundMail.create({
      data: sentMail(`old-${address}`, new Date(Date.now() - 86_400_000)),
    })
    const latest = await db.outboundMail.create({ data: sentMail(`new-${address}`, new Date()) })

    const answer = await report(postfixBounce({ to: address, messageId: '' }))
    expect(await answer.json()).toMatchObject({
      recipients: [{ email: address, suppressed: true, marked: 1 }],
    })
    expect(await db.outboundMail.findUniqueOrThrow({ where: { id: latest.id } })).toMatchObject({
      status: 'failed',
      permanent: true,
      lastError: expect.stringMatching(/^bounced: 5\.1\.1/) as unknown,
    })
    expect((await db.outboundMail.findUniqueOrThrow({ where: { id: older.id } })).status).toBe('sent')
  })

  it('refuses mail that is no report, and callers without the service token', async () => {
    const answer = await report(outOfOffice())
    expect(answer.status).toBe(422)
    expect(await answer.json()).toMatchObject({ code: 'not_a_delivery_report' })
    expect(
      (await report(postfixBounce({ to: 'x@y.example', messageId: '<m@x>' }), 'wrong-token')).status,
    ).toBe(401)
    expect(await db.suppression.findUnique({ where: { email: 'x@y.example' } })).toBeNull()
  })
})

import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  newDatabase as newRouterDatabase,
  startContacts,
  startRouter,
  token,
  uniquePhone,
} from '../../lead-router/test/harness.js'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { newClient, newDatabase, startMailer, type RunningMailer } from './support/mailer-harness.js'
import { postfixBounce } from './support/report-samples.js'
import { startSmtpPeer, type SmtpPeer } from './support/smtp-peer.js'
import { waitFor } from './support/wait-for.js'

type Started = { app: { stop(): Promise<void> }; url: string }

describe('a campaign whose audience comes from the real contacts and lead-router services', () => {
  let db: PrismaClient
  let smtp: SmtpPeer
  let mailer: RunningMailer
  let contacts: Started
  let router: Awaited<ReturnType<typeof startRouter>>

  beforeAll(async () => {
    contacts = await startContacts()
    router = await startRouter({
      databaseUrl: await newRouterDatabase(),
      contactsUrl: contacts.url,
      groupId: `mailer-audience-test-${randomUUID()}`,
    })
    const databaseUrl = (await newDatabase()).url
    db = newClient(databaseUrl)
    smtp = await startSmtpPeer()
    mailer = await startMailer(databaseUrl, {
      GROUP_ID: `mailer-test-${randomUUID()}`,
      SMTP_URL: smtp.url,
      INTERNAL_API_TOKEN: token,
      CONTACTS_URL: contacts.url,
      LEAD_ROUTER_URL: router.url,
    })
  }, 120_000)
  afterAll(async () => {
    await mailer?.stop()
    await router?.app.stop()
    await contacts?.app.stop()
    await smtp?.close()
    await db?.$disconnect()
  })

  async function contact(body: Record<string, string>) {
    const response = await fetch(`${contacts.url}/internal/v1/contacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(response.status).toBe(201)
  }

  function lead(source: string, email: string | null, name: string) {
    return router.db.lead.create({
      data: { sourceEventId: `test:${randomUUID()}`, source, email, name, contactId: randomUUID() },
    })
  }

  it('mails every distinct audience address once with one-click unsubscribe, and nothing to a bounced address', async () => {
    const tag = `aud${randomUUID().slice(0, 8)}`
    const at = (local: string) => `${local}@${tag}.example`
    await contact({ name: 'Ann Archer', email: at('ann') })
    await contact({ name: 'Ben Baker', email: at('ben') })
    await contact({ name: `Phone Only ${tag}`, phone: uniquePhone() })
    await contact({ name: 'Elsewhere', email: 'ann@other.example' }) // not matched by the search
    const source = `${tag}-web`
    await lead(source, at('ANN').toUpperCase(), 'Ann from the web form') // the same person as a contact
    await lead(source, at('cy'), 'Cy Cole')
    await lead(source, at('dee'), 'Dee Dunn')
    await lead(source, null, 'Caller without e-mail')
    await lead('call', at('eve'), 'Eve, another source')

    // Dee's mailbox bounced an earlier mail from another system: the DSN puts her on the list.
    const bounce = await fetch(`${mailer.url}/internal/v1/bounces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'message/rfc822' },
      body: postfixBounce({ to: at('dee'), messageId: `<old-${tag}@elsewhere.example>` }),
    })
    expect(bounce.status).toBe(200)
    expect(await bounce.json()).toMatchObject({
      kind: 'delivery-status',
      recipients: [{ email: at('dee'), verdict: 'hard_bounce', suppressed: true, marked: 0 }],
    })

    const created = await mailer.call('POST', '/internal/v1/campaigns', {
      name: `audience ${tag}`,
      template: 'campaign',
      variables: { subject: 'Spring offer', body: 'Ten percent off this week.' },
      recipients: [{ email: at('Ben') }], // listed by hand as well: still one mail
      audience: { contacts: { q: tag }, leads: { source } },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      audience: { contacts: { q: tag }, leads: { source } },
      audienceLoadedAt: null,
    })
    const id = created.body.id
    expect((await mailer.call('POST', `/internal/v1/campaigns/${id}/start`)).status).toBe(200)
    await waitFor(
      'the campaign to complete',
      async () =>
        (await mailer.call('GET', `/internal/v1/campaigns/${id}/progress`)).body.status === 'completed',
      30_000,
    )

    expect((await mailer.call('GET', `/internal/v1/campaigns/${id}/progress`)).body).toEqual({
      status: 'completed',
      total: 4,
      sent: 3,
      failed: 0,
      suppressed: 1,
      complained: 0,
      remaining: 0,
    })
    const campaign = (await mailer.call('GET', `/internal/v1/campaigns/${id}`)).body
    expect(campaign.audienceSkipped).toBe(2) // the phone-only contact and the lead without e-mail
    expect(campaign.audienceLoadedAt).toEqual(expect.any(String))

    const mails = smtp.mails.filter((m) => m.to[0]?.endsWith(`@${tag}.example`))
    expect(mails.map((m) => m.to[0]).sort()).toEqual([at('ann'), at('ben'), at('cy')])
    for (const mail of mails) {
      expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')
      expect(mail.header('list-unsubscribe')).toMatch(/^<http:\/\/[^>]+\/u\/[\w-]{38}>, <mailto:[^>]+>$/)
    }
    expect(smtp.mails.some((m) => m.to.includes('ann@other.example'))).toBe(false)
  })
})

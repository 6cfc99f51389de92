/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-assignment -- assertions read answers as untyped JSON */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  newClient,
  newDatabase,
  serviceToken,
  startMailer,
  testProducer,
  waitUntilConsuming,
  type RunningMailer,
} from '../../mailer/test/support/mailer-harness.js'
import { startSmtpPeer, type SmtpPeer } from '../../mailer/test/support/smtp-peer.js'
import { client, login, startGateway, type Gateway } from './gateway-harness.js'
import { eventually, expectProblem, signedInUser, type SignedIn } from './settings-users.js'

interface CampaignView {
  status: string
  progress: Record<string, number>
}

describe('campaigns and newsletter sign-up through the gateway and the mailer', () => {
  let gw: Gateway
  let smtp: SmtpPeer
  let mailer: RunningMailer
  let admin: string
  let head: SignedIn
  let agent: SignedIn
  const departmentId = randomUUID()
  const call = () => client(gw.url)
  const recipients = (tag: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({ email: `${tag}-${i}@example.com` }))
  const campaign = (name: string, extra: object) => ({
    name,
    template: 'campaign',
    variables: { subject: 'Spring offer', body: 'Ten percent off this week.' },
    ...extra,
  })

  beforeAll(async () => {
    smtp = await startSmtpPeer()
    const mailerDb = (await newDatabase()).url
    mailer = await startMailer(mailerDb, {
      GROUP_ID: `gateway-campaigns-test-${randomUUID()}`,
      SMTP_URL: smtp.url,
      CAMPAIGN_BATCH_SIZE: '1',
    })
    // A fresh consumer group reads from the end of its topics: wait until it has joined.
    const db = newClient(mailerDb)
    const producer = await testProducer()
    await waitUntilConsuming(db, producer)
    await producer.disconnect()
    await db.$disconnect()
    gw = await startGateway({ MAILER_URL: mailer.url, INTERNAL_API_TOKEN: serviceToken })
    admin = `Bearer ${(await login(call(), gw.adminEmail)).accessToken}`
    head = await signedInUser(gw.url, admin, 'head', departmentId)
    agent = await signedInUser(gw.url, admin, 'agent', departmentId)
  }, 120_000)
  afterAll(async () => {
    await gw?.stop()
    await mailer?.stop()
    await smtp?.close()
  })

  it('an admin creates and starts a campaign, pauses and resumes it, and follows its progress', async () => {
    const tag = `spring-${randomUUID().slice(0, 8)}`
    const created = await call()('POST', '/api/v1/campaigns', {
      auth: admin,
      body: campaign('Spring', { recipients: recipients(tag, 6) }),
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      status: 'draft',
      progress: { total: 6, sent: 0, failed: 0, remaining: 6 },
    })
    const id = created.body.id as string
    expectProblem(await call()('POST', `/api/v1/campaigns/${id}/pause`, { auth: admin }), 409)

    // Six mails take three seconds: the pause below arrives while most are still to send.
    smtp.options.delayMs = 500
    const started = await call()('POST', `/api/v1/campaigns/${id}/start`, { auth: admin })
    expect(started.body.status).toBe('running')
    const paused = await call()('POST', `/api/v1/campaigns/${id}/pause`, { auth: admin })
    expect(paused.body.status).toBe('paused')
    const held: CampaignView = await eventually(async () => {
      const res = await call()('GET', `/api/v1/campaigns/${id}`, { auth: head.auth })
      return res.body.progress.sent + res.body.progress.failed ===
        smtp.mails.filter((m) => m.to[0]?.startsWith(tag)).length
        ? res.body
        : null
    }, 20_000)
    expect(held.status).toBe('paused')
    expect(held.progress.remaining).toBeGreaterThan(0)
    smtp.options.delayMs = 0

    const resumed = await call()('POST', `/api/v1/campaigns/${id}/resume`, { auth: head.auth })
    expect(resumed.body.status).toBe('running')
    const done: CampaignView = await eventually(async () => {
      const res = await call()('GET', `/api/v1/campaigns/${id}`, { auth: admin })
      return res.body.status === 'completed' ? res.body : null
    }, 30_000)
    expect(done.progress).toMatchObject({ total: 6, sent: 6, failed: 0, remaining: 0 })
    expect(new Set(smtp.mails.filter((m) => m.to[0]?.startsWith(tag)).map((m) => m.to[0])).size).toBe(6)

    expectProblem(await call()('DELETE', `/api/v1/campaigns/${id}`, { auth: admin }), 409)
    const list = await call()('GET', '/api/v1/campaigns?limit=200', { auth: head.auth })
    expect(list.body.data.find((c: { id: string }) => c.id === id)).toMatchObject({ progress: { sent: 6 } })
    const audit = await call()('GET', `/api/v1/audit-log?targetId=${id}`, { auth: admin })
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual([
      'campaign.resume',
      'campaign.pause',
      'campaign.start',
      'campaign.create',
    ])
  })

  it("heads mail explicit lists or their own department's leads; others may not run campaigns", async () => {
    const own = await call()('POST', '/api/v1/campaigns', {
      auth: head.auth,
      body: campaign('Follow-up', { audience: { leads: { status: 'won' } } }),
    })
    expect(own.status).toBe(201)
    expect(own.body.audience).toEqual({ leads: { status: 'won', departmentId } })
    const ownPath = `/api/v1/campaigns/${own.body.id}`
    expectProblem(
      await call()('PATCH', ownPath, { auth: head.auth, body: { audience: { contacts: { q: 'acme' } } } }),
      403,
    )
    const renamed = await call()('PATCH', ownPath, { auth: head.auth, body: { name: 'Follow-up (won)' } })
    expect(renamed.body).toMatchObject({ name: 'Follow-up (won)', status: 'draft', progress: { total: 0 } })
    expect((await call()('DELETE', ownPath, { auth: head.auth })).status).toBe(204)
    expectProblem(await call()('GET', ownPath, { auth: admin }), 404)
    expectProblem(
      await call()('POST', '/api/v1/campaigns', {
        auth: head.auth,
        body: campaign('Everyone', { audience: { contacts: {} } }),
      }),
      403,
      'insufficient_role',
    )
    expectProblem(
      await call()('POST', '/api/v1/campaigns', {
        auth: head.auth,
        body: campaign('Theirs', { audience: { leads: { departmentId: randomUUID() } } }),
      }),
      403,
    )
    expectProblem(await call()('GET', '/api/v1/campaigns', { auth: agent.auth }), 403, 'insufficient_role')
    expectProblem(await call()('POST', `/api/v1/campaigns/${own.body.id}/start`, { auth: agent.auth }), 403)
    const invalid = await call()('POST', '/api/v1/campaigns', { auth: admin, body: { name: 'No template' } })
    expectProblem(invalid, 400, 'validation_failed')
    const unknown = await call()('POST', '/api/v1/campaigns', {
      auth: admin,
      body: { name: 'x', template: 'no-such-template' },
    })
    expect(unknown.status).toBe(400)
    expectProblem(await call()('GET', `/api/v1/campaigns/${randomUUID()}`, { auth: admin }), 404)
  })

  it('a web-form back end signs an address up with a subscriptions:write key; a confirmation mail goes out', async () => {
    const key = await call()('POST', '/api/v1/api-keys', {
      auth: admin,
      body: { name: 'newsletter form', scopes: ['subscriptions:write'] },
    })
    const leadsKey = await call()('POST', '/api/v1/api-keys', {
      auth: admin,
      body: { name: 'lead form', scopes: ['leads:submit'] },
    })
    const address = `reader-${randomUUID()}@example.com`
    const signedUp = await call()('POST', '/api/v1/subscriptions', {
      auth: `ApiKey ${key.body.key as string}`,
      body: { email: address },
    })
    expect(signedUp.status).toBe(202)
    expect(signedUp.body).toMatchObject({ email: address, list: 'newsletter', status: 'pending' })
    const mail = await eventually(() => smtp.mails.find((m) => m.to.includes(address)), 30_000)
    expect(mail.decoded).toContain('/s/')

    expectProblem(
      await call()('POST', '/api/v1/subscriptions', {
        auth: `ApiKey ${leadsKey.body.key as string}`,
        body: { email: address },
      }),
      403,
      'insufficient_scope',
    )
    expectProblem(
      await call()('POST', '/api/v1/subscriptions', { auth: agent.auth, body: { email: address } }),
      403,
      'insufficient_role',
    )
    expectProblem(await call()('POST', '/api/v1/subscriptions', { body: { email: address } }), 401)
    expectProblem(
      await call()('POST', '/api/v1/subscriptions', {
        auth: `ApiKey ${key.body.key as string}`,
        body: { email: 'not-an-address' },
      }),
      400,
      'validation_failed',
    )
    const audit = await call()('GET', `/api/v1/audit-log?targetId=${signedUp.body.id}`, { auth: admin })
    expect(audit.body.data[0]).toMatchObject({ action: 'subscription.request', actorType: 'api_key' })
  })
})

import { randomUUID } from 'node:crypto'
import {
  fixtures,
  leadAssignedV1,
  leadEscalatedV1,
  mailFailedV1,
  mailSentV1,
  sendEmailRequestedV1,
} from '@leadflow/contracts'
import type { EventProducer } from '@leadflow/kafka'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { usersServer, type LocalHttp } from './support/local-http.js'
import {
  collectEvents,
  serviceToken,
  startConsumingMailer,
  type ConsumingMailer,
  type RunningMailer,
} from './support/mailer-harness.js'
import { startSmtpPeer, type SmtpPeer } from './support/smtp-peer.js'
import { waitFor } from './support/wait-for.js'

describe('mailer delivery over a real SMTP peer', () => {
  const users = new Map<string, { email: string; name: string }>()
  let stack: ConsumingMailer
  let db: PrismaClient
  let smtp: SmtpPeer
  let gateway: LocalHttp
  let mailer: RunningMailer
  let producer: EventProducer

  beforeAll(async () => {
    smtp = await startSmtpPeer()
    gateway = await usersServer(serviceToken, users)
    stack = await startConsumingMailer({ SMTP_URL: smtp.url, USERS_URL: gateway.url })
    ;({ db, mailer, producer } = stack)
  })
  afterAll(async () => {
    await stack?.stop()
    await smtp?.close()
    await gateway?.close()
  })

  const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address))
  const request = (to: string, overrides = {}) =>
    fixtures.sendEmailRequested({ to: [to], template: 'lead-assigned', ...overrides })

  it('notifies the owner of an assigned lead with exactly one mail, also when the event is redelivered', async () => {
    const ownerId = randomUUID()
    const address = `owner-${ownerId.slice(0, 8)}@leadflow.example.com`
    users.set(ownerId, { email: address, name: 'Ada <Owner>' })
    const sent = await collectEvents(mailSentV1, (e) => e.to.includes(address))
    const event = fixtures.leadAssigned({ ownerId })
    await producer.send(leadAssignedV1, event)
    await waitFor('the notification mail', () => mailsTo(address).length === 1)
    await producer.send(leadAssignedV1, event) // redelivery of the same event
    const requestId = `${event.eventId}:${ownerId}`
    await waitFor('MailSent', () => sent.events.length >= 1)
    // A later request proves the redelivered event was handled (same partition order is not
    // guaranteed across topics, so wait on the row count instead).
    await waitFor(
      'the redelivery to be handled',
      async () => (await db.outboundMail.count({ where: { requestId } })) === 1,
    )
    const mail = mailsTo(address)
    expect(mail).toHaveLength(1)
    expect(mail[0]?.header('subject')).toContain('New lead assigned to you')
    expect(mail[0]?.decoded).toContain('Ada &lt;Owner&gt;')
    const row = await db.outboundMail.findUniqueOrThrow({ where: { requestId } })
    expect(row).toMatchObject({ status: 'sent', attempts: 1 })
    expect(sent.events.map((e) => e.requestId)).toEqual([requestId])
    expect(sent.events[0]?.smtpMessageId).toBe(row.messageId)
    await sent.stop()
  })

  it('retries transient 451 answers with backoff and then delivers once', async () => {
    const address = `transient-${randomUUID().slice(0, 8)}@example.com`
    smtp.options.transientFailures = 2
    const before = smtp.rcptAttempts
    const event = request(address)
    await producer.send(sendEmailRequestedV1, event)
    const row = await waitFor('the retried mail to be recorded as sent', () =>
      db.outboundMail
        .findFirst({ where: { requestId: event.requestId, status: 'sent' } })
        .then((r) => r ?? undefined),
    )
    expect(row.attempts).toBe(3)
    expect(mailsTo(address)).toHaveLength(1)
    expect(smtp.rcptAttempts - before).toBe(3)
  })

  it('does not retry a permanent 550 refusal: MailFailed, and the address is suppressed', async () => {
    const address = `gone-${randomUUID().slice(0, 8)}@example.com`
    smtp.options.reject = [address]
    const failed = await collectEvents(mailFailedV1, (e) => e.to.includes(address))
    const before = smtp.rcptAttempts
    const event = request(address)
    await producer.send(sendEmailRequestedV1, event)
    await waitFor('MailFailed', () => failed.events.length === 1)
    expect(smtp.rcptAttempts - before).toBe(1)
    expect(failed.events[0]).toMatchObject({ requestId: event.requestId, permanent: true, attempts: 1 })
    expect(failed.events[0]?.reason).toMatch(/^550/)
    expect(await db.suppression.findUnique({ where: { email: address } })).toMatchObject({
      reason: 'hard_bounce',
    })
    expect(mailsTo(address)).toHaveLength(0)
    await failed.stop()
  })

  it('sends nothing to a suppressed address', async () => {
    const address = `unsub-${randomUUID().slice(0, 8)}@example.com`
    expect(
      (await mailer.call('POST', '/internal/v1/suppressions', { email: address, reason: 'unsubscribe' }))
        .status,
    ).toBe(201)
    const event = request(address)
    await producer.send(sendEmailRequestedV1, event)
    const row = await waitFor('the request to be handled', () =>
      db.outboundMail
        .findFirst({ where: { requestId: event.requestId, status: 'failed' } })
        .then((r) => r ?? undefined),
    )
    expect(row.lastError).toBe('every recipient is suppressed')
    expect(mailsTo(address)).toHaveLength(0)
  })

  it('notifies everyone an escalation names, once each', async () => {
    const [head, newOwner] = [randomUUID(), randomUUID()]
    users.set(head, { email: `head-${head.slice(0, 8)}@example.com`, name: 'Head' })
    users.set(newOwner, { email: `new-${newOwner.slice(0, 8)}@example.com`, name: 'New owner' })
    const event = fixtures.leadEscalated({ notifyUserIds: [head, newOwner], toOwnerId: newOwner })
    await producer.send(leadEscalatedV1, event)
    for (const id of [head, newOwner]) {
      const address = users.get(id)?.email ?? ''
      await waitFor('the escalation mail', () => mailsTo(address).length === 1)
      expect(mailsTo(address)[0]?.header('subject')).toContain('Lead escalated')
    }
    await waitFor(
      'both rows sent',
      async () => (await db.outboundMail.count({ where: { eventId: event.eventId, status: 'sent' } })) === 2,
    )
  })

  it('dead-letters a request for an unknown template and reports MailFailed', async () => {
    const address = `poison-${randomUUID().slice(0, 8)}@example.com`
    const failed = await collectEvents(mailFailedV1, (e) => e.to.includes(address))
    await producer.send(sendEmailRequestedV1, request(address, { template: 'no-such-template' }))
    await waitFor('MailFailed', () => failed.events.length === 1)
    expect(failed.events[0]).toMatchObject({ permanent: true, reason: 'unknown template no-such-template' })
    await waitFor('the dead letter', async () =>
      /kafka_consumer_messages_total\{[^}]*topic="mailer.email.requested.v1"[^}]*outcome="dead_lettered"[^}]*\} [1-9]/.test(
        await (await fetch(`${mailer.url}/metrics`)).text(),
      ),
    )
    expect(mailsTo(address)).toHaveLength(0)
    await failed.stop()
  })
})

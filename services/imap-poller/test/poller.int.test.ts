import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DovecotServer } from './dovecot-server.js'
import {
  addMailbox as addDovecotMailbox,
  appendMessage,
  imapClient,
  startPoller,
  uniqueId,
  waitFor,
  waitForEmail,
  startPollerEnvironment,
  type EventLog,
  type PollerEnvironment,
  type RunningPoller,
} from './poller-harness.js'

const users = {
  'sales@example.test': 'secret',
  'support@example.test': 'secret',
  'leads@example.test': 'secret',
  'shared@example.test': 'secret',
}

describe('imap-poller against a real dovecot, Postgres and Kafka', () => {
  let environment: PollerEnvironment
  let dovecot: DovecotServer
  let databaseUrl: string
  let poller: RunningPoller
  let events: EventLog

  beforeAll(async () => {
    // No 2 s delay after each failed login (dovecot still adds its per-IP penalty of a few seconds).
    environment = await startPollerEnvironment(users, ['auth_failure_delay = 0'])
    ;({ dovecot, databaseUrl, events } = environment)
    poller = await startPoller(databaseUrl)
  })
  afterAll(async () => {
    await poller?.app.stop()
    await environment?.stop()
  })

  const addMailbox = (user: string, extra: Record<string, unknown> = {}) =>
    addDovecotMailbox(poller, dovecot, user, extra)

  const emailsWith = (messageId: string) => events.emails.filter((event) => event.messageId === messageId)

  it('turns an appended message into exactly one EmailReceived, and a restart does not emit it again', async () => {
    const mailboxId = await addMailbox('sales@example.test')
    const first = `<first-${uniqueId()}@customer.test>`
    await appendMessage(dovecot, 'sales@example.test', 'INBOX', {
      from: 'Anna Schmidt <Anna.Schmidt@Customer.TEST>',
      subject: 'Quote request',
      body: 'Hello,\r\nplease send me a quote for 20 seats.',
      messageId: first,
    })
    const event = await waitForEmail(events, first, 'the EmailReceived')
    expect(event).toMatchObject({
      mailboxId,
      folder: 'INBOX',
      messageId: first,
      fromAddress: 'anna.schmidt@customer.test',
      fromName: 'Anna Schmidt',
      to: ['sales@example.test'],
      subject: 'Quote request',
      textSnippet: 'Hello, please send me a quote for 20 seats.',
      kind: 'normal',
      uid: 1,
    })
    expect(event.eventId).toBe(`imap:${mailboxId}:${event.uidValidity}:1`)

    // A new process resumes from the stored cursor: only the new message is emitted.
    await poller.app.stop()
    poller = await startPoller(databaseUrl)
    const second = `<second-${uniqueId()}@customer.test>`
    await appendMessage(dovecot, 'sales@example.test', 'INBOX', {
      from: 'anna.schmidt@customer.test',
      subject: 'Re: Quote request',
      messageId: second,
      headers: {
        'In-Reply-To': '<our-answer@example.test>',
        References: `${first} <our-answer@example.test>`,
      },
    })
    const reply = await waitForEmail(events, second, 'the second EmailReceived')
    expect(reply).toMatchObject({
      uid: 2,
      inReplyTo: '<our-answer@example.test>',
      references: [first, '<our-answer@example.test>'],
    })
    // Same sender, same key, same partition: anything re-emitted would have arrived before it.
    expect(emailsWith(first)).toHaveLength(1)
    expect(emailsWith(second)).toHaveLength(1)

    const status = await poller.api('GET', `/internal/v1/mailboxes/${mailboxId}/status`)
    expect(status.status).toBe(200)
    expect(status.body).toMatchObject({
      mailboxId,
      enabled: true,
      lastError: null,
      messagesReceived: 2,
      folders: [{ folder: 'INBOX', highestUid: '2' }],
    })
  })

  it('resyncs a folder whose UIDVALIDITY changed without emitting anything twice', async () => {
    const admin = imapClient(dovecot, 'leads@example.test')
    await admin.connect()
    await admin.mailboxCreate('Leads')
    const mailboxId = await addMailbox('leads@example.test', { folders: ['Leads'] })
    const kept = `<kept-${uniqueId()}@customer.test>`
    const message = { from: 'olli@customer.test', subject: 'Hello', messageId: kept }
    await appendMessage(dovecot, 'leads@example.test', 'Leads', message)
    await waitFor(() => emailsWith(kept).length > 0, 'the first EmailReceived')
    const before = (await poller.db.syncCursor.findFirstOrThrow({ where: { mailboxId } })).uidValidity

    // The folder is recreated: new UIDVALIDITY, the old message is there again under a new uid.
    await admin.mailboxDelete('Leads')
    await admin.mailboxCreate('Leads')
    await admin.logout()
    await appendMessage(dovecot, 'leads@example.test', 'Leads', message)
    const fresh = `<fresh-${uniqueId()}@customer.test>`
    await appendMessage(dovecot, 'leads@example.test', 'Leads', {
      from: 'olli@customer.test',
      subject: 'More',
      messageId: fresh,
    })

    const after = await waitForEmail(events, fresh, 'the new EmailReceived')
    expect(BigInt(after.uidValidity)).not.toBe(before)
    expect(after.uid).toBe(2)
    expect(emailsWith(kept)).toHaveLength(1)
    const cursor = await poller.db.syncCursor.findFirstOrThrow({ where: { mailboxId } })
    expect(cursor.uidValidity).not.toBe(before)
    expect(cursor.highestUid).toBe(2n)
  })

  it('marks auto-replies and bounces', async () => {
    await addMailbox('support@example.test')
    const ooo = `<ooo-${uniqueId()}@customer.test>`
    const vacation = `<vacation-${uniqueId()}@customer.test>`
    const bounce = `<bounce-${uniqueId()}@mx.example.test>`
    await appendMessage(dovecot, 'support@example.test', 'INBOX', {
      from: 'ben@customer.test',
      subject: 'Out of Office: back on Monday',
      messageId: ooo,
      headers: { 'Auto-Submitted': 'auto-replied' },
    })
    await appendMessage(dovecot, 'support@example.test', 'INBOX', {
      from: 'carl@customer.test',
      subject: 'Automatic reply: your request',
      messageId: vacation,
    })
    await appendMessage(dovecot, 'support@example.test', 'INBOX', {
      from: 'MAILER-DAEMON@mx.example.test',
      subject: 'Undelivered Mail Returned to Sender',
      messageId: bounce,
    })
    await waitFor(() => [ooo, vacation, bounce].every((id) => emailsWith(id).length === 1), 'three events')
    expect(emailsWith(ooo)[0]?.kind).toBe('auto_reply')
    expect(emailsWith(vacation)[0]?.kind).toBe('auto_reply')
    expect(emailsWith(bounce)[0]?.kind).toBe('bounce')
  })

  it(
    'alerts at most 3 times an hour for a mailbox with a wrong password while the others keep syncing',
    { timeout: 120_000 },
    async () => {
      const broken = await addMailbox('shared@example.test', {
        password: 'wrong-password',
        alertRecipients: ['ops@example.test'],
      })
      const healthy = await addMailbox('shared@example.test', { folders: ['INBOX'] })
      const failures = async () =>
        (await poller.metrics.registry.getSingleMetric('imap_sync_errors_total')?.get())?.values.find(
          (value) => value.labels.mailbox === broken && value.labels.type === 'auth',
        )?.value ?? 0
      await waitFor(async () => (await failures()) >= 5, 'five failed logins', 50_000)

      const mailId = `<while-broken-${uniqueId()}@customer.test>`
      await appendMessage(dovecot, 'shared@example.test', 'INBOX', {
        from: 'dora@customer.test',
        subject: 'Hi',
        messageId: mailId,
      })
      const received = await waitForEmail(events, mailId, 'mail of the healthy mailbox', 45_000)
      expect(received.mailboxId).toBe(healthy)

      const alertsFor = () => events.alerts.filter((alert) => alert.variables.mailboxId === broken)
      await waitFor(() => alertsFor().length >= 3, 'three alert requests')
      await poller.app.stop()
      poller = await startPoller(databaseUrl)
      await waitFor(async () => (await failures()) >= 2, 'failed logins after a restart', 30_000)
      expect(await poller.db.mailboxAlert.count({ where: { mailboxId: broken } })).toBe(3)
      expect(await poller.db.outboxMessage.count()).toBe(0)
      const alerts = alertsFor()
      expect(alerts).toHaveLength(3)
      expect(alerts[0]).toMatchObject({
        to: ['ops@example.test'],
        template: 'mailbox-alert',
        variables: { mailboxId: broken, errorType: 'auth' },
      })
      const suppressed = await poller.metrics.registry.getSingleMetric('imap_alerts_suppressed_total')?.get()
      expect(suppressed?.values.find((value) => value.labels.mailbox === broken)?.value).toBeGreaterThan(0)
      const status = await poller.api('GET', `/internal/v1/mailboxes/${broken}/status`)
      expect(status.body).toMatchObject({ lastError: { type: 'auth' } })
      await poller.api('PATCH', `/internal/v1/mailboxes/${broken}`, { enabled: false })
    },
  )
})

import { randomUUID } from 'node:crypto'
import type { EventProducer } from '@leadflow/kafka'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createProducer,
  newDatabase,
  startContacts,
  startRouter,
  testKafka,
  waitUntilConsuming,
} from '../../lead-router/test/harness.js'
import type { DovecotServer } from './dovecot-server.js'
import {
  addMailbox,
  appendMessage,
  imapClient,
  startPoller,
  startPollerEnvironment,
  uniqueId,
  waitFor,
  waitForEmail,
  type EventLog,
  type PollerEnvironment,
  type RunningPoller,
} from './poller-harness.js'

const user = 'leads@example.test'
const folder = 'Leads'

/**
 * Issue 6, end to end: a message appended to the dovecot mailbox becomes exactly one
 * EmailReceived and then one lead (with the real lead-router and contacts running), also across
 * a poller restart and a UIDVALIDITY change.
 */
describe('an e-mail in a watched mailbox becomes one lead (real dovecot, Kafka, Postgres, lead-router)', () => {
  const kafka = testKafka()
  let environment: PollerEnvironment
  let dovecot: DovecotServer
  let databaseUrl: string
  let poller: RunningPoller
  let events: EventLog
  let contacts: Awaited<ReturnType<typeof startContacts>>
  let router: Awaited<ReturnType<typeof startRouter>>
  let producer: EventProducer
  let mailboxId: string

  beforeAll(async () => {
    environment = await startPollerEnvironment({ [user]: 'secret' })
    ;({ dovecot, databaseUrl, events } = environment)
    contacts = await startContacts()
    // A consumer group of its own that starts at the latest offsets: older EmailReceived on the
    // shared topic are not replayed, and every sender below is unique to this run.
    router = await startRouter({
      databaseUrl: await newDatabase(),
      contactsUrl: contacts.url,
      groupId: `imap-poller-e2e-${randomUUID()}`,
    })
    producer = await createProducer(kafka)
    await waitUntilConsuming(producer, router.db)

    const admin = imapClient(dovecot, user)
    await admin.connect()
    await admin.mailboxCreate(folder)
    await admin.logout()
    poller = await startPoller(databaseUrl)
    mailboxId = await addMailbox(poller, dovecot, user, { folders: [folder] })
  })

  afterAll(async () => {
    await poller?.app.stop()
    await producer?.disconnect()
    await router?.app.stop()
    await contacts?.app.stop()
    await environment?.stop()
  })

  const emailsWith = (messageId: string) => events.emails.filter((event) => event.messageId === messageId)
  // The router also records its assignment on the timeline; the inbound touches are kind 'email'.
  const leadsOf = (email: string) =>
    router.db.lead.findMany({ where: { email }, include: { touches: { where: { kind: 'email' } } } })

  /** Resolves once the current poller finished a sync of the folder after `since` and published everything. */
  async function pollerSyncedAfter(since: Date, what: string): Promise<void> {
    await waitFor(
      async () => {
        const [mailbox, cursor, pending] = await Promise.all([
          poller.db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } }),
          poller.db.syncCursor.findUnique({ where: { mailboxId_folder: { mailboxId, folder } } }),
          poller.db.outboxMessage.count(),
        ])
        return (
          (mailbox.lastSyncAt?.getTime() ?? 0) > since.getTime() &&
          (cursor?.lastSyncAt?.getTime() ?? 0) > since.getTime() &&
          pending === 0
        )
      },
      what,
      30_000,
    )
  }

  it(
    'makes one EmailReceived and one lead, and keeps it one across a restart and a UIDVALIDITY change',
    { timeout: 120_000 },
    async () => {
      const sender = `ann.${uniqueId()}@example.com`
      const first = `<first-${uniqueId()}@example.com>`
      const message = { from: `Ann Example <${sender}>`, subject: 'Quote request', messageId: first }
      await appendMessage(dovecot, user, folder, message)

      const received = await waitForEmail(events, first, 'the EmailReceived')
      expect(received).toMatchObject({ mailboxId, folder, fromAddress: sender, kind: 'normal' })
      const [lead] = await waitFor(
        async () => {
          const leads = await leadsOf(sender)
          return leads.length === 1 && leads[0]?.touches.length === 1 ? leads : undefined
        },
        'one lead for the sender',
        30_000,
      )
      expect(lead?.touches[0]).toMatchObject({ kind: 'email', sourceEventId: received.eventId })
      expect(lead?.sourceEventId).toBe(received.eventId)
      expect(emailsWith(first)).toHaveLength(1)

      // A new poller process on the same database, nothing appended: nothing is emitted again.
      await poller.app.stop()
      const restartedAt = new Date()
      poller = await startPoller(databaseUrl)
      await pollerSyncedAfter(restartedAt, 'a sync by the restarted poller')
      expect(emailsWith(first)).toHaveLength(1)
      let leads = await leadsOf(sender)
      expect(leads).toHaveLength(1)
      expect(leads[0]?.touches).toHaveLength(1)

      // The folder is recreated (new UIDVALIDITY) and holds the same message under a new uid.
      const before = (
        await poller.db.syncCursor.findUniqueOrThrow({ where: { mailboxId_folder: { mailboxId, folder } } })
      ).uidValidity
      const admin = imapClient(dovecot, user)
      await admin.connect()
      await admin.mailboxDelete(folder)
      await admin.mailboxCreate(folder)
      await admin.logout()
      await appendMessage(dovecot, user, folder, message)
      await waitFor(
        async () => {
          const cursor = await poller.db.syncCursor.findUnique({
            where: { mailboxId_folder: { mailboxId, folder } },
          })
          return cursor !== null && cursor.uidValidity !== before && cursor.highestUid === 1n
        },
        'the resync after the UIDVALIDITY change',
        30_000,
      )
      await pollerSyncedAfter(new Date(), 'a sync after the resync')
      expect(emailsWith(first)).toHaveLength(1)
      leads = await leadsOf(sender)
      expect(leads).toHaveLength(1)
      expect(leads[0]?.touches).toHaveLength(1)

      // A second message from the same sender within the attach window joins the same lead.
      const second = `<second-${uniqueId()}@example.com>`
      await appendMessage(dovecot, user, folder, {
        from: sender,
        subject: 'Re: Quote request',
        messageId: second,
      })
      const reply = await waitForEmail(events, second, 'the second EmailReceived')
      expect(BigInt(reply.uidValidity)).not.toBe(before)
      await waitFor(
        () => router.db.leadTouch.findUnique({ where: { sourceEventId: reply.eventId } }),
        'the touch of the second message',
        30_000,
      )
      // Same sender, same key, same partition: a re-emitted first message would have come before it.
      expect(emailsWith(first)).toHaveLength(1)
      expect(emailsWith(second)).toHaveLength(1)
      expect(events.emails.filter((event) => event.fromAddress === sender)).toHaveLength(2)
      leads = await leadsOf(sender)
      expect(leads).toHaveLength(1)
      expect(leads[0]?.id).toBe(lead?.id)
      expect(leads[0]?.touches.map((touch) => touch.sourceEventId).sort()).toEqual(
        [received.eventId, reply.eventId].sort(),
      )
      expect(await router.db.lead.count({ where: { email: sender } })).toBe(1)
      expect(await router.db.leadTouch.count({ where: { leadId: lead?.id, kind: 'email' } })).toBe(2)
    },
  )
})

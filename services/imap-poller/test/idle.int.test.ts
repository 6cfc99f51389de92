import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DovecotServer } from './dovecot-server.js'
import {
  addMailbox,
  appendMessage,
  startPoller,
  startPollerEnvironment,
  uniqueId,
  waitFor,
  waitForEmail,
  type EventLog,
  type PollerEnvironment,
  type RunningPoller,
} from './poller-harness.js'

describe('imap-poller with a long poll interval', () => {
  let environment: PollerEnvironment
  let dovecot: DovecotServer
  let events: EventLog
  let poller: RunningPoller

  beforeAll(async () => {
    environment = await startPollerEnvironment({ 'idle@example.test': 'secret' })
    ;({ dovecot, events } = environment)
    const url = environment.databaseUrl
    // Polling alone would take a minute: only IDLE can bring the message in time.
    poller = await startPoller(url, { IMAP_POLL_INTERVAL_MS: '60000', IMAP_LEASE_TTL_MS: '180000' })
  })
  afterAll(async () => {
    await poller?.app.stop()
    await environment?.stop()
  })

  it('picks up new mail announced by the server while idling', async () => {
    const mailboxId = await addMailbox(poller, dovecot, 'idle@example.test')
    await waitFor(
      async () => (await poller.db.syncCursor.findFirst({ where: { mailboxId } }))?.lastSyncAt,
      'the first sync',
    )
    const startedAt = Date.now()
    const messageId = `<idle-${uniqueId()}@customer.test>`
    await appendMessage(dovecot, 'idle@example.test', 'INBOX', {
      from: 'fay@customer.test',
      subject: 'Now',
      messageId,
    })
    const event = await waitForEmail(events, messageId, 'the EmailReceived')
    expect(event.mailboxId).toBe(mailboxId)
    expect(Date.now() - startedAt).toBeLessThan(15_000)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDovecot, type DovecotServer } from './dovecot-server.js'
import {
  appendMessage,
  collectEvents,
  freshDatabaseUrl,
  startPoller,
  uniqueId,
  waitFor,
  waitForEmail,
  type EventLog,
  type RunningPoller,
} from './poller-harness.js'

describe('imap-poller with a long poll interval', () => {
  let dovecot: DovecotServer
  let events: EventLog
  let poller: RunningPoller

  beforeAll(async () => {
    dovecot = await startDovecot({ 'idle@example.test': 'secret' })
    const url = await freshDatabaseUrl()
    events = await collectEvents()
    // Polling alone would take a minute: only IDLE can bring the message in time.
    poller = await startPoller(url, { IMAP_POLL_INTERVAL_MS: '60000', IMAP_LEASE_TTL_MS: '180000' })
  })
  afterAll(async () => {
    await poller?.app.stop()
    await events?.stop()
    await dovecot?.stop()
  })

  it('picks up new mail announced by the server while idling', async () => {
    const created = await poller.api('POST', '/internal/v1/mailboxes', {
      name: `idle-${uniqueId()}`,
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      username: 'idle@example.test',
      password: 'secret',
    })
    const mailboxId = (created.body as { id: string }).id
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

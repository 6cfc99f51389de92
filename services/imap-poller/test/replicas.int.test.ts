import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DovecotServer } from './dovecot-server.js'
import {
  addMailbox,
  appendMessage,
  startPoller,
  startPollerEnvironment,
  uniqueId,
  waitFor,
  type EventLog,
  type PollerEnvironment,
  type RunningPoller,
} from './poller-harness.js'

async function messagesCounted(poller: RunningPoller, outcome: string): Promise<number> {
  const metric = await poller.metrics.registry.getSingleMetric('imap_messages_total')?.get()
  return metric?.values.find((value) => value.labels.outcome === outcome)?.value ?? 0
}

describe('two imap-poller replicas sharing one database', () => {
  let environment: PollerEnvironment
  let dovecot: DovecotServer
  let events: EventLog
  let first: RunningPoller
  let second: RunningPoller
  const stopped = new Set<RunningPoller>()

  beforeAll(async () => {
    environment = await startPollerEnvironment({ 'team@example.test': 'secret' })
    ;({ dovecot, events } = environment)
    const url = environment.databaseUrl
    // A lease long enough that a slow sync on a busy machine never lets the standby in; stopping
    // the holder releases it, so the failover below does not wait for it to run out.
    const lease = { IMAP_LEASE_TTL_MS: '15000' }
    first = await startPoller(url, { INSTANCE_ID: 'replica-a', ...lease })
    second = await startPoller(url, { INSTANCE_ID: 'replica-b', ...lease })
  })
  afterAll(async () => {
    for (const replica of [first, second]) if (replica && !stopped.has(replica)) await replica.app.stop()
    await environment?.stop()
  })

  it('polls a mailbox from one replica at a time, and the other takes over when it stops', async () => {
    const mailboxId = await addMailbox(first, dovecot, 'team@example.test')
    const ids = Array.from({ length: 10 }, (_, i) => `<replica-${i}-${uniqueId()}@customer.test>`)
    for (const [i, messageId] of ids.entries()) {
      await appendMessage(dovecot, 'team@example.test', 'INBOX', {
        from: 'eve@customer.test',
        subject: `#${i}`,
        messageId,
      })
    }
    const count = (id: string) => events.emails.filter((event) => event.messageId === id).length
    await waitFor(() => ids.every((id) => count(id) >= 1), 'ten EmailReceived events')

    const lease = await first.db.mailboxLease.findUniqueOrThrow({ where: { mailboxId } })
    const [holder, standby] = lease.holder === 'replica-a' ? [first, second] : [second, first]
    expect(await messagesCounted(holder, 'emitted')).toBe(10)
    expect(await messagesCounted(standby, 'emitted')).toBe(0)
    expect(await messagesCounted(holder, 'duplicate')).toBe(0)
    expect(await messagesCounted(standby, 'duplicate')).toBe(0)

    await holder.app.stop()
    stopped.add(holder)
    const late = `<after-failover-${uniqueId()}@customer.test>`
    await appendMessage(dovecot, 'team@example.test', 'INBOX', {
      from: 'eve@customer.test',
      subject: 'late',
      messageId: late,
    })
    await waitFor(() => count(late) === 1, 'the EmailReceived after failover')
    expect((await standby.db.mailboxLease.findUniqueOrThrow({ where: { mailboxId } })).holder).toBe(
      lease.holder === 'replica-a' ? 'replica-b' : 'replica-a',
    )
    expect(ids.map(count)).toEqual(ids.map(() => 1))
    expect(await messagesCounted(standby, 'emitted')).toBe(1)
  })
})

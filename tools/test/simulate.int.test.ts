import { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  freshDatabase,
  internalToken,
  startIngest,
  type Ingest,
} from '../../services/webhook-ingest/test/ingest-harness.js'
import { startDovecot, type DovecotServer } from '../../services/imap-poller/test/dovecot-server.js'
import { configureProviders } from '../src/simulate/configure.js'
import { parseOptions, type SimulateOptions } from '../src/simulate/options.js'
import { simulate } from '../src/simulate/run.js'

function options(args: string[]): SimulateOptions {
  const parsed = parseOptions(args)
  if (parsed === 'help') throw new Error('unexpected help')
  return parsed
}

// The simulator against the real webhook-ingest (real Postgres, Redis, Kafka): what it reports
// must be what webhook-ingest recorded.
describe('simulate against a real webhook-ingest', () => {
  let ingest: Ingest

  beforeAll(async () => {
    ingest = await startIngest(await freshDatabase())
  })
  afterAll(async () => {
    await ingest?.stop()
  })

  it('configures the providers, sends a few seconds of traffic, and every accepted delivery is one stored event', async () => {
    const opts = options([
      ...['--ingest-url', ingest.url, '--internal-token', internalToken, '--configure'],
      ...['--rate', '25', '--duration', '4', '--seed', '2026', '--redeliver', '0.1'],
    ])
    await configureProviders(opts)
    const summary = await simulate(opts)

    expect(summary.errors).toBe(0)
    expect(summary.refused).toEqual({})
    expect(summary.sent).toBeGreaterThan(50)
    expect(summary.accepted + summary.duplicate).toBe(summary.sent)
    expect(summary.redeliveries).toBeGreaterThan(0)
    expect(summary.duplicate).toBe(summary.redeliveries)

    const rows = await ingest.db.webhookEvent.groupBy({ by: ['provider'], _count: { _all: true } })
    const stored = Object.fromEntries(rows.map((r) => [r.provider, r._count._all]))
    const accepted = (channel: keyof typeof summary.byChannel) => summary.byChannel[channel]?.accepted ?? 0
    expect(stored).toEqual({
      zadarma: accepted('zadarma'),
      onlinepbx: accepted('onlinepbx'),
      stripe: accepted('stripe'),
      'inbound:simulator': accepted('lead') + accepted('call'),
    })
    expect(await ingest.db.webhookEvent.count()).toBe(summary.accepted)
  })

  it('reports refusals by status when the secrets do not match what webhook-ingest has', async () => {
    const summary = await simulate(
      options([
        ...['--ingest-url', ingest.url, '--count', '20', '--rate', '50', '--mix', 'stripe=1,lead=1'],
        ...['--stripe-secret', 'whsec_not_the_configured_one', '--inbound-secret', 'whsec_bm90IHRoZSBvbmU='],
      ]),
    )
    expect(summary.accepted).toBe(0)
    expect(summary.refused).toEqual({ '401': 20 })
  })
})

describe('simulate into a real IMAP mailbox', () => {
  let dovecot: DovecotServer

  beforeAll(async () => {
    dovecot = await startDovecot({ sales: 'sales-password' })
  })
  afterAll(async () => {
    await dovecot?.stop()
  })

  it('appends each simulated mail to the watched folder', async () => {
    const imap = `imap://sales:sales-password@127.0.0.1:${dovecot.port}/INBOX`
    const summary = await simulate(
      options(['--imap', imap, '--mix', 'mail=1', '--count', '12', '--rate', '20', '--redeliver', '0']),
    )
    expect(summary).toMatchObject({ sent: 12, mailed: 12, errors: 0 })

    const client = new ImapFlow({
      host: '127.0.0.1',
      port: dovecot.port,
      secure: false,
      auth: { user: 'sales', pass: 'sales-password' },
      logger: false,
    })
    await client.connect()
    try {
      const status = await client.status('INBOX', { messages: true })
      expect(status.messages).toBe(12)
    } finally {
      await client.logout()
    }
  })
})

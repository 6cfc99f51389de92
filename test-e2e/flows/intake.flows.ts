import { ImapFlow } from 'imapflow'
import { it } from 'vitest'
import { expectStatus, gatewayClient } from '../support/gateway-client.js'
import { deliver, stripeEvent } from '../support/webhooks.js'
import type { World } from '../support/world.js'

/** Payments, web forms and e-mail: the other ways a lead comes in. */
export function intakeFlows(world: () => World): void {
  it('a Stripe payment marks the buyer’s open lead as won', async ({ expect }) => {
    const w = world()
    const email = w.email('buyer')
    const form = { name: 'Bea Buyer', email, source: 'website' }
    expectStatus(await w.admin.request('POST', '/api/v1/leads', form), 202, 'submit form')
    const lead = await w.leadFor(email)
    expect(lead.status).toBe('new')

    const payment = stripeEvent(w.secrets.stripe, {
      id: `evt_${w.stack.run}`,
      type: 'payment_intent.succeeded',
      created: Math.floor(Date.now() / 1000),
      data: {
        object: { id: `pi_${w.stack.run}`, amount_received: 4990, currency: 'eur', receipt_email: email },
      },
    })
    expect(await deliver(w.stack.ingestUrl, payment)).toEqual({
      status: 200,
      body: { status: 'accepted' },
    })
    const won = await w.leadFor(email, (l) => l.status === 'won')
    expect(won.id).toBe(lead.id)
  })

  it('a web form posted with an API key becomes a lead', async ({ expect }) => {
    const w = world()
    const email = w.email('visitor')
    const phone = w.phone()
    const site = gatewayClient(w.stack.gatewayUrl, `ApiKey ${w.apiKey}`)
    const form = { name: 'Vic Visitor', email, phone, source: 'website', message: 'Call me back' }
    const answer = await site.request<{ submissionId: string }>('POST', '/api/v1/leads', form)
    expect(answer.status).toBe(202)
    expect(answer.body.submissionId).toMatch(/^[0-9a-f-]{36}$/)

    const lead = await w.leadFor(email, (l) => l.ownerId !== null)
    expect(lead).toMatchObject({
      source: 'website',
      name: 'Vic Visitor',
      email,
      phoneE164: phone,
      ownerId: w.users.sales.id,
    })
    expect(lead.contactId).not.toBeNull()
  })

  it('an e-mail arriving in a watched mailbox becomes a lead', async ({ expect }) => {
    const w = world()
    const sender = w.email('writer')
    const { dovecot, mailbox } = w.stack
    const imap = new ImapFlow({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      auth: { user: mailbox.user, pass: mailbox.password },
      logger: false,
    })
    await imap.connect()
    try {
      const message = [
        `From: Wes Writer <${sender}>`,
        `To: ${mailbox.user}`,
        `Subject: Quote for 40 chairs`,
        `Message-ID: <${w.stack.run}.quote@example.com>`,
        `Date: ${new Date().toUTCString()}`,
        '',
        'Hello, please send me a quote.',
        '',
      ].join('\r\n')
      await imap.append('INBOX', message)
    } finally {
      await imap.logout()
    }
    const lead = await w.leadFor(sender, (l) => l.ownerId !== null)
    expect(lead).toMatchObject({ source: 'email', email: sender, ownerId: w.users.sales.id })
  })
}

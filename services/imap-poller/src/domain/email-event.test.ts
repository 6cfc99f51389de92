import { simpleParser } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { toEmailReceived } from './email-event.js'

const at = { mailboxId: 'mbx-1', folder: 'INBOX', uidValidity: 1700000000, uid: 42, internalDate: null }

function mail(lines: string[]) {
  return simpleParser(Buffer.from(lines.join('\r\n')))
}

describe('toEmailReceived', () => {
  it('maps sender, recipients, threading and a snippet, keyed by the lower-cased sender', async () => {
    const parsed = await mail([
      'From: "Anna Schmidt" <Anna.Schmidt@Customer.TEST>',
      'To: Sales <sales@example.test>, support@example.test',
      'Subject: Re: Quote',
      'Date: Tue, 03 Mar 2026 10:00:00 +0000',
      'Message-ID: <abc@customer.test>',
      'In-Reply-To: <ours@example.test>',
      'References: <first@customer.test> <ours@example.test>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hello,',
      '',
      '   we need   20 seats.',
    ])
    const { event, dedupKey } = toEmailReceived(parsed, at)
    expect(dedupKey).toBe('<abc@customer.test>')
    expect(event).toEqual({
      eventId: 'imap:mbx-1:1700000000:42',
      mailboxId: 'mbx-1',
      folder: 'INBOX',
      messageId: '<abc@customer.test>',
      fromAddress: 'anna.schmidt@customer.test',
      fromName: 'Anna Schmidt',
      to: ['sales@example.test', 'support@example.test'],
      subject: 'Re: Quote',
      textSnippet: 'Hello, we need 20 seats.',
      inReplyTo: '<ours@example.test>',
      references: ['<first@customer.test>', '<ours@example.test>'],
      receivedAt: new Date('2026-03-03T10:00:00Z'),
      kind: 'normal',
      uid: 42,
      uidValidity: 1700000000,
    })
  })

  it('prefers the server arrival time and strips HTML for the snippet', async () => {
    const parsed = await mail([
      'From: bob@customer.test',
      'Subject: Hi',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><style>p{}</style><body><p>Call me <b>today</b></p></body></html>',
    ])
    const arrived = new Date('2026-04-01T08:00:00Z')
    const { event } = toEmailReceived(parsed, { ...at, internalDate: arrived })
    expect(event.receivedAt).toEqual(arrived)
    expect(event.textSnippet).toBe('Call me today')
  })

  it('without a Message-ID, keys the message by its content so a resync finds it again', async () => {
    const lines = [
      'From: bob@customer.test',
      'Subject: Hi',
      'Date: Tue, 03 Mar 2026 10:00:00 +0000',
      '',
      'Hello',
    ]
    const first = toEmailReceived(await mail(lines), at)
    const afterResync = toEmailReceived(await mail(lines), { ...at, uidValidity: 1800000000, uid: 1 })
    const other = toEmailReceived(await mail([...lines.slice(0, -1), 'Hello again']), at)
    expect(first.dedupKey).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(afterResync.dedupKey).toBe(first.dedupKey)
    expect(other.dedupKey).not.toBe(first.dedupKey)
    expect(first.event.messageId).toBe(first.dedupKey)
  })

  it('cuts the snippet at 500 characters', async () => {
    const { event } = toEmailReceived(
      await mail(['From: a@b.test', 'Subject: long', '', 'x'.repeat(2000)]),
      at,
    )
    expect(event.textSnippet).toHaveLength(500)
  })
})

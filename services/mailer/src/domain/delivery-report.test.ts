import { describe, expect, it } from 'vitest'
import { arfComplaint, outOfOffice, readReceipt } from '../../test/support/feedback-samples.js'
import { exchangeNdr, mixedReport, postfixBounce } from '../../test/support/report-samples.js'
import { parseDeliveryReport } from './delivery-report.js'
import { addressOf, parseFieldGroups, statusCodeOf } from './report-fields.js'

const original = { to: 'gone@example.net', messageId: '<c1.r1@leadflow.test>' }

describe('delivery status notifications (RFC 3464)', () => {
  it('a Postfix 5.1.1 bounce is a hard bounce of the original recipient', async () => {
    expect(await parseDeliveryReport(postfixBounce(original))).toEqual({
      kind: 'delivery-status',
      reportId: '<20260302100003.3F1A2C0@mx.example.net>',
      originalMessageIds: ['<c1.r1@leadflow.test>'],
      feedbackType: null,
      recipients: [
        {
          email: 'gone@example.net',
          action: 'failed',
          status: '5.1.1',
          diagnostic: 'smtp; 550 5.1.1 User unknown (in reply to RCPT TO command)',
          verdict: 'hard_bounce',
        },
      ],
    })
  })

  it('an Exchange NDR with a three-digit detail and the whole original attached', async () => {
    const report = await parseDeliveryReport(
      exchangeNdr({ to: 'Nobody@Contoso.example', messageId: '<m-9@x>' }),
    )
    expect(report?.originalMessageIds).toEqual(['<m-9@x>'])
    expect(report?.recipients).toEqual([
      expect.objectContaining({ email: 'nobody@contoso.example', status: '5.1.10', verdict: 'hard_bounce' }),
    ])
  })

  it.each([
    ['delayed', '4.4.1', 'delayed'],
    ['failed', '4.4.7', 'soft_bounce'],
    ['delivered', '2.0.0', 'ignored'],
    ['failed', '5.7.1', 'hard_bounce'],
  ] as const)('Action %s with Status %s is %s', async (action, status, verdict) => {
    const report = await parseDeliveryReport(postfixBounce(original, { action, status }))
    expect(report?.recipients.map((r) => [r.status, r.verdict])).toEqual([[status, verdict]])
  })

  it('judges each recipient of a report on its own, by its SMTP reply when Status is missing', async () => {
    const report = await parseDeliveryReport(mixedReport(original, 'slow@example.org'))
    expect(report?.recipients.map((r) => [r.email, r.status, r.verdict])).toEqual([
      ['gone@example.net', null, 'hard_bounce'],
      ['slow@example.org', '4.4.1', 'delayed'],
    ])
    // No Message-ID of its own: a digest identifies the report, the same one every time.
    expect(report?.reportId).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect((await parseDeliveryReport(mixedReport(original, 'slow@example.org')))?.reportId).toBe(
      report?.reportId,
    )
  })
})

describe('complaints (ARF, RFC 5965)', () => {
  it('an abuse report names the complaining recipient and the original mail', async () => {
    const report = await parseDeliveryReport(
      arfComplaint({ to: 'Annoyed@Example.org', messageId: '<c2.r2@x>' }),
    )
    expect(report).toMatchObject({
      kind: 'feedback-report',
      reportId: '<arf-0001@fbl.mail.example>',
      feedbackType: 'abuse',
      originalMessageIds: ['<c2.r2@x>'],
      recipients: [{ email: 'annoyed@example.org', verdict: 'complaint' }],
    })
  })

  it('a provider that redacts the recipient leaves only the original Message-ID to go by', async () => {
    const report = await parseDeliveryReport(
      arfComplaint({ to: 'x@y.example', messageId: '<c3@x>' }, { rcptTo: null }),
    )
    expect(report).toMatchObject({ kind: 'feedback-report', recipients: [], originalMessageIds: ['<c3@x>'] })
  })

  it('a not-spam report is no complaint', async () => {
    const report = await parseDeliveryReport(arfComplaint(original, { feedbackType: 'not-spam' }))
    expect(report?.recipients.map((r) => r.verdict)).toEqual(['ignored'])
  })
})

describe('other mail', () => {
  it('read receipts and out-of-office replies are not delivery reports', async () => {
    expect(await parseDeliveryReport(readReceipt())).toBeNull()
    expect(await parseDeliveryReport(outOfOffice())).toBeNull()
    expect(await parseDeliveryReport(Buffer.from('not a mail at all'))).toBeNull()
  })
})

describe('report fields', () => {
  it('unfolds lines, keeps repeated fields and reads typed addresses', () => {
    const [perMessage, recipient] = parseFieldGroups(
      'Reporting-MTA: dns; a\r\n\r\nFinal-Recipient: rfc822;\r\n <X@Y.example>\r\nX-Note: 1\r\nX-Note: 2\r\n',
    )
    expect(perMessage?.get('reporting-mta')).toEqual(['dns; a'])
    expect(addressOf(recipient?.get('final-recipient')?.[0] ?? null)).toBe('x@y.example')
    expect(recipient?.get('x-note')).toEqual(['1', '2'])
    expect(addressOf('x400; /G=A/S=B/')).toBeNull()
    expect(statusCodeOf('smtp; 550-5.1.1 The email account does not exist')).toBe('5.1.1')
  })
})

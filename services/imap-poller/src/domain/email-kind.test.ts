import { describe, expect, it } from 'vitest'
import { classifyEmail, type KindInput } from './email-kind.js'

function input(
  overrides: Partial<Omit<KindInput, 'headers'>> & { headers?: Record<string, string> } = {},
): KindInput {
  return {
    contentType: overrides.contentType ?? 'text/plain; charset=utf-8',
    subject: overrides.subject ?? 'Quote request',
    fromAddress: overrides.fromAddress ?? 'anna@customer.test',
    headers: new Map(Object.entries(overrides.headers ?? {})),
  }
}

describe('classifyEmail', () => {
  it.each([
    ['a person writing', input(), 'normal'],
    ['a reply to our answer', input({ subject: 'Re: Quote request' }), 'normal'],
    ['Auto-Submitted: auto-replied', input({ headers: { 'auto-submitted': 'auto-replied' } }), 'auto_reply'],
    [
      'Auto-Submitted: auto-generated',
      input({ headers: { 'auto-submitted': 'auto-generated' } }),
      'auto_reply',
    ],
    ['Auto-Submitted: no', input({ headers: { 'auto-submitted': 'no' } }), 'normal'],
    ['X-Autoreply', input({ headers: { 'x-autoreply': 'yes' } }), 'auto_reply'],
    ['X-Autorespond', input({ headers: { 'x-autorespond': 'vacation' } }), 'auto_reply'],
    ['Precedence: auto_reply', input({ headers: { precedence: 'auto_reply' } }), 'auto_reply'],
    ['Precedence: bulk', input({ headers: { precedence: 'bulk' } }), 'auto_reply'],
    ['Precedence: list', input({ headers: { precedence: 'list' } }), 'normal'],
    ['an out-of-office subject', input({ subject: 'Out of Office: back Monday' }), 'auto_reply'],
    ['an Outlook automatic reply', input({ subject: 'Automatic reply: Quote request' }), 'auto_reply'],
    ['a German Abwesenheitsnotiz', input({ subject: 'Abwesenheitsnotiz: Angebot' }), 'auto_reply'],
    ['a forwarded auto-reply subject', input({ subject: 'AW: Automatische Antwort: Angebot' }), 'auto_reply'],
    [
      'a delivery-status report',
      input({ contentType: 'multipart/report; report-type=delivery-status; boundary="x"' }),
      'bounce',
    ],
    [
      'a disposition report is not a bounce',
      input({ contentType: 'multipart/report; report-type=disposition-notification' }),
      'normal',
    ],
    [
      'MAILER-DAEMON',
      input({ fromAddress: 'mailer-daemon@mx.example.test', subject: 'Undelivered Mail' }),
      'bounce',
    ],
    ['postmaster', input({ fromAddress: 'postmaster@example.test' }), 'bounce'],
    ['X-Failed-Recipients', input({ headers: { 'x-failed-recipients': 'nobody@example.test' } }), 'bounce'],
    [
      'an auto-submitted delivery failure',
      input({
        subject: 'Delivery Status Notification (Failure)',
        headers: { 'auto-submitted': 'auto-replied' },
      }),
      'bounce',
    ],
  ])('%s → %s', (_name, mail, kind) => {
    expect(classifyEmail(mail)).toBe(kind)
  })
})

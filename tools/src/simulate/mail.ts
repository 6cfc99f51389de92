import type { Delivery } from './delivery.js'
import type { Person } from './people.js'
import type { Random } from './random.js'

const subjects = [
  'Request for a quote',
  'Question about your product',
  'Callback please',
  'Partnership',
  'Demo request',
]

/** An RFC 5322 message from `who` to the watched mailbox, as a person would write it. */
export function inboundMail(r: Random, who: Person, to: string, nowMs: number): Delivery[] {
  const messageId = `<${r.hex(20)}@${who.email.split('@')[1] ?? 'example.com'}>`
  const subject = r.pick(subjects)
  const raw = [
    `From: ${who.name} <${who.email}>`,
    `To: ${to}`,
    `Subject: ${subject}`,
    `Date: ${new Date(nowMs).toUTCString()}`,
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Hello,',
    '',
    `${subject} — could someone from ${who.company} sales get back to me?`,
    `You can reach me at ${who.phone}.`,
    '',
    `Best regards,`,
    who.name,
    '',
  ].join('\r\n')
  return [{ kind: 'mail', channel: 'mail', eventId: messageId, redelivery: false, raw }]
}

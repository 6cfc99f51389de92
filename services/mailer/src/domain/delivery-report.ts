import { createHash } from 'node:crypto'
import { simpleParser, type HeaderValue } from 'mailparser'
import {
  addressOf,
  field,
  messageIdsIn,
  parseFieldGroups,
  replyClassOf,
  statusCodeOf,
  type FieldGroup,
} from './report-fields.js'

/**
 * What a report says about one address:
 * - `hard_bounce`: delivery failed permanently (5.x.x) — the address is suppressed;
 * - `soft_bounce`: the remote side gave up with a temporary status (4.x.x) — the mail failed,
 *   the address stays mailable;
 * - `delayed`: still being retried — nothing changes;
 * - `complaint`: the recipient reported the mail as spam (ARF) — the address is suppressed;
 * - `ignored`: delivered, relayed, or feedback that is not a complaint.
 */
export type Verdict = 'hard_bounce' | 'soft_bounce' | 'delayed' | 'complaint' | 'ignored'

export interface ReportedRecipient {
  email: string
  action: string | null
  status: string | null
  diagnostic: string | null
  verdict: Verdict
}

export interface DeliveryReport {
  kind: 'delivery-status' | 'feedback-report'
  /** The report's Message-ID, or a digest of the report when it has none. */
  reportId: string
  /** Message-IDs of the returned original (its headers or the whole message). */
  originalMessageIds: string[]
  /** For a complaint without Original-Rcpt-To, empty: the original's Message-ID names the recipient. */
  recipients: ReportedRecipient[]
  /** ARF only: `abuse`, `fraud`, `not-spam`, … */
  feedbackType: string | null
}

const complaintTypes = new Set(['abuse', 'fraud', 'virus', 'other'])

/** Feedback types that are a recipient's complaint (not `not-spam`, not `auth-failure` reports). */
export const isComplaint = (feedbackType: string | null): boolean =>
  feedbackType !== null && complaintTypes.has(feedbackType)

function dsnVerdict(action: string | null, status: string | null, diagnostic: string | null): Verdict {
  const klass = status ? Number(status[0]) : replyClassOf(diagnostic)
  if (action === 'delayed') return 'delayed'
  if (action === 'failed') return klass === 4 ? 'soft_bounce' : 'hard_bounce'
  if (action === null && klass === 5) return 'hard_bounce'
  return 'ignored'
}

function dsnRecipients(groups: FieldGroup[]): ReportedRecipient[] {
  const recipients: ReportedRecipient[] = []
  for (const group of groups) {
    const email = addressOf(field(group, 'final-recipient')) ?? addressOf(field(group, 'original-recipient'))
    if (!email) continue
    const action =
      field(group, 'action')
        ?.toLowerCase()
        .replace(/\s*\(.*$/, '') ?? null
    const diagnostic = field(group, 'diagnostic-code')
    const status = statusCodeOf(field(group, 'status')) ?? statusCodeOf(diagnostic)
    recipients.push({ email, action, status, diagnostic, verdict: dsnVerdict(action, status, diagnostic) })
  }
  return recipients
}

function arfRecipients(group: FieldGroup | undefined): { type: string; recipients: ReportedRecipient[] } {
  const type = (group ? field(group, 'feedback-type') : null)?.toLowerCase() ?? 'abuse'
  const verdict: Verdict = isComplaint(type) ? 'complaint' : 'ignored'
  const addresses = new Set(
    (group?.get('original-rcpt-to') ?? []).map(addressOf).filter((a): a is string => a !== null),
  )
  return {
    type,
    recipients: [...addresses].map((email) => ({
      email,
      action: null,
      status: null,
      diagnostic: `feedback-type: ${type}`,
      verdict,
    })),
  }
}

function reportType(value: HeaderValue | undefined): string | null {
  if (!value || typeof value !== 'object' || !('value' in value) || !('params' in value)) return null
  if (typeof value.value !== 'string' || value.value.toLowerCase() !== 'multipart/report') return null
  const params = value.params as Record<string, string | undefined>
  return params['report-type']?.toLowerCase() ?? null
}

/**
 * Reads a delivery status notification (multipart/report; report-type=delivery-status, RFC 3464)
 * or an ARF complaint (report-type=feedback-report, RFC 5965) from a raw RFC 822 message.
 * Anything else — a plain auto-reply, an ordinary mail — answers null.
 */
export async function parseDeliveryReport(raw: Buffer): Promise<DeliveryReport | null> {
  const mail = await simpleParser(raw, {
    keepDeliveryStatus: true,
    skipImageLinks: true,
    skipTextToHtml: true,
  })
  const kind = reportType(mail.headers.get('content-type'))
  if (kind !== 'delivery-status' && kind !== 'feedback-report') return null
  const part = mail.attachments.find((a) => a.contentType === `message/${kind}`)
  if (!part) return null
  const groups = parseFieldGroups(part.content.toString('utf8'))
  const reportId = mail.messageId ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`
  // The returned original (text/rfc822-headers or message/rfc822) follows the report part.
  const body = raw.toString('utf8')
  const head = body.search(/\r?\n\r?\n/)
  const originalMessageIds = messageIdsIn(head < 0 ? '' : body.slice(head)).filter(
    (id) => id !== mail.messageId,
  )
  if (kind === 'delivery-status')
    return { kind, reportId, originalMessageIds, recipients: dsnRecipients(groups), feedbackType: null }
  const { type, recipients } = arfRecipients(groups[0])
  return { kind, reportId, originalMessageIds, recipients, feedbackType: type }
}

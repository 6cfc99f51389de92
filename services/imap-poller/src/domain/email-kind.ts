import type { EmailKind } from '@leadflow/contracts'

/** What the classifier looks at: header names lower-cased, values as text. */
export interface KindInput {
  headers: ReadonlyMap<string, string>
  /** The top-level content type, e.g. `multipart/report; report-type=delivery-status`. */
  contentType: string
  subject: string
  fromAddress: string
}

const bounceSenders = /^(mailer-daemon|postmaster|mail-daemon|mail\.delivery\.system)@/i
const bounceSubjects =
  /^(undeliver(ed|able)|delivery (status notification \(failure\)|failure|has failed)|mail delivery (failed|failure|subsystem)|returned mail|failure notice|non[- ]?delivery)/i
const autoReplySubjects =
  /^(auto(matic)?[ _-]?(reply|response|antwort|answer)|out of (the )?office|ooo\b|abwesenheit|automatische antwort|absence|i am (currently )?(out|away)|away from (the )?office|vacation)/i

function isDeliveryReport(contentType: string): boolean {
  const lower = contentType.toLowerCase()
  return lower.startsWith('multipart/report') && /report-type\s*=\s*"?delivery-status/.test(lower)
}

function isAutoSubmitted(headers: ReadonlyMap<string, string>): boolean {
  const autoSubmitted = headers.get('auto-submitted')?.trim().toLowerCase()
  if (autoSubmitted && autoSubmitted !== 'no') return true
  if (headers.has('x-autoreply') || headers.has('x-autorespond') || headers.has('x-autoresponse')) return true
  const precedence = headers.get('precedence')?.trim().toLowerCase()
  if (precedence === 'auto_reply' || precedence === 'bulk' || precedence === 'junk') return true
  const suppress = headers.get('x-auto-response-suppress')?.toLowerCase() ?? ''
  return /\b(all|oof)\b/.test(suppress) && headers.has('x-ms-exchange-inbox-rules-loop')
}

/** Strips reply/forward prefixes so `Re: Out of office` is judged by its real subject. */
function baseSubject(subject: string): string {
  return subject.replace(/^\s*((re|aw|fwd?|wg|sv)\s*:\s*)+/i, '').trim()
}

/**
 * Bounces (delivery-status reports, mailer daemons) and auto-replies (RFC 3834
 * Auto-Submitted, vendor headers, Precedence, out-of-office subjects) are marked so that
 * downstream services do not treat them as a person writing in.
 */
export function classifyEmail(input: KindInput): EmailKind {
  const subject = baseSubject(input.subject)
  if (isDeliveryReport(input.contentType)) return 'bounce'
  if (bounceSenders.test(input.fromAddress)) return 'bounce'
  const autoSubmitted = isAutoSubmitted(input.headers)
  if (bounceSubjects.test(subject) && (autoSubmitted || input.headers.has('x-failed-recipients')))
    return 'bounce'
  if (input.headers.has('x-failed-recipients')) return 'bounce'
  if (autoSubmitted) return 'auto_reply'
  if (autoReplySubjects.test(subject)) return 'auto_reply'
  return 'normal'
}

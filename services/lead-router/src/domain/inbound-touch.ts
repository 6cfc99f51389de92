import type { CallReceivedV1, EmailReceivedV1, LeadSubmittedV1, PaymentReceivedV1 } from '@leadflow/contracts'
import { normalizePhone } from '@leadflow/phone'
import type { RoutingFacts } from './routing-rule.js'

export type TouchKind = 'call' | 'email' | 'form' | 'payment'

/** Who the touch came from, as sent to contacts' resolve. */
export interface ContactQuery {
  phone?: string
  email?: string
  name?: string
  company?: string
}

/** One inbound event, reduced to what routing needs. */
export interface InboundTouch {
  kind: TouchKind
  sourceEventId: string
  /** Lead source slug. */
  source: string
  occurredAt: Date
  contact: ContactQuery
  facts: RoutingFacts
  details: Record<string, unknown>
  /** May start a new lead (false: only attaches to an open one, e.g. an outbound call). */
  mayCreateLead: boolean
  /** Closes the open lead as won (a payment). */
  marksWon: boolean
}

function query(fields: Record<string, string | null | undefined>): ContactQuery {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(fields)) {
    const trimmed = value?.trim()
    if (trimmed) out[key] = trimmed
  }
  return out
}

const countryOf = (phone: string | null | undefined): string | null =>
  phone ? normalizePhone(phone).country : null

export function fromCall(event: CallReceivedV1): InboundTouch {
  const source = 'call'
  return {
    kind: 'call',
    sourceEventId: event.eventId,
    source,
    occurredAt: event.startedAt,
    contact: query({ phone: event.callerE164 || event.callerRaw }),
    facts: {
      kind: 'call',
      source,
      provider: event.provider,
      did: event.calledDid ?? event.calleeE164,
      country: countryOf(event.callerE164),
      at: event.startedAt,
    },
    details: {
      provider: event.provider,
      event: event.event,
      direction: event.direction,
      callId: event.callId,
      calledDid: event.calledDid,
      durationSec: event.durationSec,
      disposition: event.disposition,
      recordingId: event.recordingId,
    },
    mayCreateLead: event.direction === 'inbound' || event.direction === 'unknown',
    marksWon: false,
  }
}

export function fromEmail(event: EmailReceivedV1): InboundTouch {
  const source = 'email'
  return {
    kind: 'email',
    sourceEventId: event.eventId,
    source,
    occurredAt: event.receivedAt,
    contact: query({ email: event.fromAddress, name: event.fromName }),
    facts: { kind: 'email', source, mailbox: event.mailboxId, at: event.receivedAt },
    details: {
      mailboxId: event.mailboxId,
      messageId: event.messageId,
      subject: event.subject,
      snippet: event.textSnippet,
      emailKind: event.kind,
    },
    // Auto-replies and bounces join an open lead's timeline but never start a lead.
    mayCreateLead: event.kind === 'normal',
    marksWon: false,
  }
}

export function fromForm(event: LeadSubmittedV1): InboundTouch {
  return {
    kind: 'form',
    sourceEventId: event.eventId,
    source: event.source,
    occurredAt: event.submittedAt,
    contact: query({
      phone: event.phoneE164 ?? event.phoneRaw,
      email: event.email,
      name: event.name,
      company: event.company,
    }),
    facts: {
      kind: 'form',
      source: event.source,
      form: event.source,
      country: countryOf(event.phoneE164),
      at: event.submittedAt,
    },
    details: {
      submissionId: event.submissionId,
      channel: event.channel,
      message: event.message,
      utm: event.utm,
    },
    mayCreateLead: true,
    marksWon: false,
  }
}

export function fromPayment(event: PaymentReceivedV1): InboundTouch {
  const source = 'payment'
  return {
    kind: 'payment',
    sourceEventId: event.eventId,
    source,
    occurredAt: event.occurredAt,
    contact: query({
      phone: event.customerPhoneE164,
      email: event.customerEmail,
      name: event.customerName,
    }),
    facts: {
      kind: 'payment',
      source,
      provider: event.provider,
      country: countryOf(event.customerPhoneE164),
      at: event.occurredAt,
    },
    details: {
      provider: event.provider,
      type: event.type,
      paymentId: event.paymentId,
      amountMinor: event.amountMinor,
      currency: event.currency,
    },
    mayCreateLead: true,
    marksWon: true,
  }
}

/** Whether the touch names anyone contacts can resolve. */
export const hasContact = (touch: InboundTouch): boolean =>
  Boolean(touch.contact.phone ?? touch.contact.email)

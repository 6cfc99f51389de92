import type { CallReceivedV1, LeadSubmittedV1, PaymentReceivedV1 } from '@leadflow/contracts'

/** The event a webhook becomes, if any. */
export type Emission =
  | { kind: 'call'; event: CallReceivedV1 }
  | { kind: 'payment'; event: PaymentReceivedV1 }
  | { kind: 'lead'; event: LeadSubmittedV1 }

/** A call whose caller is only known from an earlier event of the same call (Zadarma recordings). */
export interface PendingCall {
  kind: 'call-by-id'
  callId: string
  patch: Partial<CallReceivedV1>
}

export interface ParsedWebhook {
  /** Unique per provider: the deduplication key. */
  eventId: string
  /** The provider's event name, e.g. NOTIFY_START or payment_intent.succeeded. */
  eventType: string
  callId: string | null
  emission: Emission | PendingCall | null
  /** Why nothing is emitted, when `emission` is null. */
  reason?: string
}

/** Thrown for a well-signed body that cannot be understood: answered 400. */
export class InvalidWebhookError extends Error {
  override readonly name = 'InvalidWebhookError'
}

export interface ParseContext {
  /** `zadarma`, `onlinepbx`, `stripe` or `inbound:<source>`. */
  provider: string
  receivedAt: Date
  defaultRegion: string | undefined
}

/** A string field of a loosely-typed object, or undefined. */
export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

/** A non-negative whole number from a string or number field, or null. */
export function wholeNumber(value: unknown): number | null {
  const text = str(value)
  if (text === undefined || !/^\d{1,9}$/.test(text.trim())) return null
  return Number(text)
}

/** Unix seconds (number or digits) or an ISO-8601 string as a Date; undefined when unreadable. */
export function instant(value: unknown): Date | undefined {
  const text = str(value)
  if (text === undefined) return undefined
  const date = /^\d{9,12}$/.test(text) ? new Date(Number(text) * 1000) : new Date(text)
  return Number.isNaN(date.getTime()) ? undefined : date
}

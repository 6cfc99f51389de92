import type { IHeaders } from 'kafkajs'

/** The header names every Leadflow event carries. */
export const EventHeader = {
  eventId: 'event-id',
  eventType: 'event-type',
  schemaFingerprint: 'schema-fingerprint',
  occurredAt: 'occurred-at',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const

export interface EventHeaderFields {
  readonly eventId: string
  readonly eventType: string
  readonly schemaFingerprint: string
  readonly occurredAt: Date
  readonly traceparent: string
  readonly tracestate?: string | undefined
  /** Extra headers; they never override the standard ones. */
  readonly extra?: Readonly<Record<string, string>> | undefined
}

/** The headers of one outgoing event. */
export function buildEventHeaders(fields: EventHeaderFields): Record<string, string> {
  if (Number.isNaN(fields.occurredAt.getTime())) throw new RangeError('occurredAt is not a valid date')
  const headers: Record<string, string> = {
    ...fields.extra,
    [EventHeader.eventId]: fields.eventId,
    [EventHeader.eventType]: fields.eventType,
    [EventHeader.schemaFingerprint]: fields.schemaFingerprint,
    [EventHeader.occurredAt]: fields.occurredAt.toISOString(),
    [EventHeader.traceparent]: fields.traceparent,
  }
  if (fields.tracestate) headers[EventHeader.tracestate] = fields.tracestate
  return headers
}

/**
 * Kafka headers as plain strings (UTF-8). A header sent more than once keeps its first
 * value; headers without a value are left out.
 */
export function readHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (!headers) return out
  for (const [name, raw] of Object.entries(headers)) {
    const value = Array.isArray(raw) ? raw[0] : raw
    if (value === undefined) continue
    out[name] = typeof value === 'string' ? value : value.toString('utf8')
  }
  return out
}

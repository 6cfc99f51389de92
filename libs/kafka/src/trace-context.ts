import { randomBytes } from 'node:crypto'
import { ROOT_CONTEXT, context, isSpanContextValid, propagation, trace } from '@opentelemetry/api'
import type { Context, SpanContext } from '@opentelemetry/api'

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/

/** The parts of a W3C `traceparent` header. */
export interface Traceparent {
  readonly traceId: string
  readonly spanId: string
  readonly sampled: boolean
}

/** Parses a version-00 W3C `traceparent`; undefined when malformed or all-zero. */
export function parseTraceparent(value: string | undefined): Traceparent | undefined {
  const match = value ? TRACEPARENT.exec(value.trim()) : null
  if (!match) return undefined
  const [, traceId = '', spanId = '', flags = '00'] = match
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 }
}

/** Formats a span context as a W3C `traceparent`. */
export function formatTraceparent(spanContext: SpanContext): string {
  const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, '0')
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`
}

/** A fresh, valid, not-sampled `traceparent` (used when no trace is active). */
export function generateTraceparent(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const traceId = random(16).toString('hex')
    const spanId = random(8).toString('hex')
    const parsed = parseTraceparent(`00-${traceId}-${spanId}-00`)
    if (parsed) return `00-${traceId}-${spanId}-00`
  }
}

/**
 * Trace headers for an outgoing message from the given (default: active) context.
 * The registered propagator is used when there is one (tracing on); otherwise the active
 * span context is formatted directly; with no trace at all a fresh not-sampled
 * `traceparent` is generated, so every message can still be correlated across services.
 */
export function traceHeadersFor(ctx: Context = context.active()): {
  traceparent: string
  tracestate?: string
} {
  const carrier: Record<string, string> = {}
  propagation.inject(ctx, carrier)
  const injected = carrier['traceparent']
  if (injected && parseTraceparent(injected)) {
    const tracestate = carrier['tracestate']
    return tracestate ? { traceparent: injected, tracestate } : { traceparent: injected }
  }
  const spanContext = trace.getSpanContext(ctx)
  if (spanContext && isSpanContextValid(spanContext)) return { traceparent: formatTraceparent(spanContext) }
  return { traceparent: generateTraceparent() }
}

/** The trace context carried by a message's headers (the root context when tracing is off). */
export function extractTraceContext(headers: Readonly<Record<string, string>>): Context {
  return propagation.extract(ROOT_CONTEXT, headers)
}

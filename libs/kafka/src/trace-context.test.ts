import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api'
import { describe, expect, it } from 'vitest'
import { formatTraceparent, generateTraceparent, parseTraceparent, traceHeadersFor } from './trace-context.js'

const valid = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'

describe('parseTraceparent', () => {
  it('reads trace id, span id and the sampled flag', () => {
    expect(parseTraceparent(valid)).toEqual({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      sampled: true,
    })
  })

  it.each([
    undefined,
    '',
    'garbage',
    '01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    '00-00000000000000000000000000000000-b7ad6b7169203331-01',
    '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01',
    '00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01',
  ])('rejects %j', (value) => {
    expect(parseTraceparent(value)).toBeUndefined()
  })
})

describe('traceparent for outgoing messages', () => {
  it('formats an active span context', () => {
    const spanContext = {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
    }
    expect(formatTraceparent(spanContext)).toBe(valid)
    const ctx = trace.setSpanContext(ROOT_CONTEXT, spanContext)
    expect(traceHeadersFor(ctx)).toEqual({ traceparent: valid })
  })

  it('generates a fresh, valid, not-sampled one when no trace is active', () => {
    const first = traceHeadersFor(ROOT_CONTEXT).traceparent
    const second = traceHeadersFor(ROOT_CONTEXT).traceparent
    expect(parseTraceparent(first)).toMatchObject({ sampled: false })
    expect(parseTraceparent(first)?.traceId).not.toBe(parseTraceparent(second)?.traceId)
  })

  it('never generates an all-zero id', () => {
    let calls = 0
    const random = (size: number): Buffer => Buffer.alloc(size, calls++ < 2 ? 0 : 7)
    expect(generateTraceparent(random)).toBe(`00-${'07'.repeat(16)}-${'07'.repeat(8)}-00`)
  })
})

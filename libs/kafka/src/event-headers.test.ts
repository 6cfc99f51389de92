import { describe, expect, it } from 'vitest'
import { EventHeader, buildEventHeaders, readHeaders } from './event-headers.js'

const base = {
  eventId: 'evt-1',
  eventType: 'CallReceived',
  schemaFingerprint: 'ab'.repeat(32),
  occurredAt: new Date('2025-03-01T10:00:00.123Z'),
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
}

describe('buildEventHeaders', () => {
  it('carries the five standard headers, occurred-at as ISO-8601', () => {
    expect(buildEventHeaders(base)).toEqual({
      'event-id': 'evt-1',
      'event-type': 'CallReceived',
      'schema-fingerprint': 'ab'.repeat(32),
      'occurred-at': '2025-03-01T10:00:00.123Z',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    })
  })

  it('adds tracestate only when there is one', () => {
    expect(buildEventHeaders({ ...base, tracestate: 'vendor=1' })[EventHeader.tracestate]).toBe('vendor=1')
    expect(buildEventHeaders({ ...base, tracestate: '' })).not.toHaveProperty(EventHeader.tracestate)
  })

  it('keeps extra headers but never lets them override the standard ones', () => {
    const headers = buildEventHeaders({ ...base, extra: { 'event-id': 'forged', 'x-tenant': 't1' } })
    expect(headers['event-id']).toBe('evt-1')
    expect(headers['x-tenant']).toBe('t1')
  })

  it('refuses an invalid occurred-at', () => {
    expect(() => buildEventHeaders({ ...base, occurredAt: new Date('nope') })).toThrow(RangeError)
  })
})

describe('readHeaders', () => {
  it('turns buffers into strings, keeps the first of repeated values, drops empty ones', () => {
    expect(
      readHeaders({
        'event-id': Buffer.from('evt-9'),
        'event-type': 'LeadCreated',
        repeated: [Buffer.from('first'), 'second'],
        missing: undefined,
      }),
    ).toEqual({ 'event-id': 'evt-9', 'event-type': 'LeadCreated', repeated: 'first' })
  })

  it('is empty for a message without headers', () => {
    expect(readHeaders(undefined)).toEqual({})
  })
})

import { describe, expect, it } from 'vitest'
import { DeadLetterHeader, buildDeadLetter, dlqTopicFor, parseDeadLetter } from './dead-letter.js'

const original = {
  key: Buffer.from('+4930123456'),
  value: Buffer.from([1, 2, 3]),
  headers: { 'event-id': 'evt-1', 'event-type': 'CallReceived', traceparent: 'tp' },
}
const failure = {
  topic: 'ingest.call.received.v1',
  partition: 2,
  offset: '41',
  groupId: 'lead-router',
  errorName: 'NonRetryableError',
  errorMessage: 'unknown department',
  attempts: 1,
  failedAt: new Date('2025-03-01T10:00:00.000Z'),
}

describe('dlqTopicFor', () => {
  it('names the dead-letter topic after the group', () => {
    expect(dlqTopicFor('lead-router')).toBe('lead-router.dlq')
    expect(() => dlqTopicFor('')).toThrow(RangeError)
  })
})

describe('dead-letter envelope', () => {
  it('keeps the original key, value and headers and adds the failure', () => {
    const record = buildDeadLetter(original, failure)
    expect(record.key).toBe(original.key)
    expect(record.value).toBe(original.value)
    expect(record.headers).toEqual({
      ...original.headers,
      'dlq-original-topic': 'ingest.call.received.v1',
      'dlq-original-partition': '2',
      'dlq-original-offset': '41',
      'dlq-group-id': 'lead-router',
      'dlq-error-name': 'NonRetryableError',
      'dlq-error-message': 'unknown department',
      'dlq-attempts': '1',
      'dlq-failed-at': '2025-03-01T10:00:00.000Z',
    })
  })

  it('reads back exactly what was written, with Kafka-style buffer headers', () => {
    const record = buildDeadLetter(original, failure)
    const asFetched = Object.fromEntries(Object.entries(record.headers).map(([k, v]) => [k, Buffer.from(v)]))
    expect(parseDeadLetter({ ...record, headers: asFetched })).toEqual({
      key: original.key,
      value: original.value,
      headers: original.headers,
      failure,
    })
  })

  it('replaces the failure headers of a message that was dead-lettered before', () => {
    const once = buildDeadLetter(original, failure)
    const twice = buildDeadLetter(once, { ...failure, attempts: 5, errorMessage: 'second failure' })
    expect(parseDeadLetter(twice).failure).toMatchObject({ attempts: 5, errorMessage: 'second failure' })
    expect(parseDeadLetter(twice).headers).toEqual(original.headers)
  })

  it('caps very long error messages', () => {
    const record = buildDeadLetter(original, { ...failure, errorMessage: 'x'.repeat(10_000) })
    expect(record.headers[DeadLetterHeader.errorMessage]!.length).toBe(2_000)
  })

  it('refuses a record that is not a dead letter', () => {
    expect(() => parseDeadLetter(original)).toThrow(/dlq-original/)
    const record = buildDeadLetter(original, failure)
    const broken = { ...record, headers: { ...record.headers, [DeadLetterHeader.partition]: 'two' } }
    expect(() => parseDeadLetter(broken)).toThrow(/malformed/)
  })
})

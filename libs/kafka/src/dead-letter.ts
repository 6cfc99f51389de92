import type { IHeaders } from 'kafkajs'
import { readHeaders } from './event-headers.js'

/** The dead-letter topic of a consumer group. */
export function dlqTopicFor(groupId: string): string {
  if (!groupId) throw new RangeError('groupId must not be empty')
  return `${groupId}.dlq`
}

/** Headers added to a dead-lettered record; everything else is the original record, unchanged. */
export const DeadLetterHeader = {
  topic: 'dlq-original-topic',
  partition: 'dlq-original-partition',
  offset: 'dlq-original-offset',
  groupId: 'dlq-group-id',
  errorName: 'dlq-error-name',
  errorMessage: 'dlq-error-message',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
} as const

const MAX_ERROR_MESSAGE = 2_000

/** Where a record came from and why it could not be handled. */
export interface DeadLetterFailure {
  readonly topic: string
  readonly partition: number
  readonly offset: string
  readonly groupId: string
  readonly errorName: string
  readonly errorMessage: string
  /** Handler attempts made (0 when the message could not even be decoded). */
  readonly attempts: number
  readonly failedAt: Date
}

/** A record as it sits on (or goes to) a dead-letter topic. */
export interface DeadLetterRecord {
  readonly key: Buffer | null
  readonly value: Buffer | null
  readonly headers: Record<string, string>
}

/** A dead-lettered record read back: the original record plus its failure. */
export interface DeadLetter {
  readonly key: Buffer | null
  readonly value: Buffer | null
  /** The original headers (event-id, event-type, traceparent, …), failure headers removed. */
  readonly headers: Record<string, string>
  readonly failure: DeadLetterFailure
}

/**
 * The dead-letter record for a failed message: the ORIGINAL key, value and headers, plus
 * headers describing the failure. Keeping the original bytes makes replay exact.
 */
export function buildDeadLetter(
  original: { key: Buffer | null; value: Buffer | null; headers: Readonly<Record<string, string>> },
  failure: DeadLetterFailure,
): DeadLetterRecord {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(original.headers)) {
    if (!isDeadLetterHeader(name)) headers[name] = value
  }
  headers[DeadLetterHeader.topic] = failure.topic
  headers[DeadLetterHeader.partition] = String(failure.partition)
  headers[DeadLetterHeader.offset] = failure.offset
  headers[DeadLetterHeader.groupId] = failure.groupId
  headers[DeadLetterHeader.errorName] = failure.errorName
  headers[DeadLetterHeader.errorMessage] = truncate(failure.errorMessage, MAX_ERROR_MESSAGE)
  headers[DeadLetterHeader.attempts] = String(failure.attempts)
  headers[DeadLetterHeader.failedAt] = failure.failedAt.toISOString()
  return { key: original.key, value: original.value, headers }
}

/** Reads a dead-letter record back; throws when its failure headers are missing or malformed. */
export function parseDeadLetter(record: {
  key: Buffer | null
  value: Buffer | null
  headers?: IHeaders | Record<string, string> | undefined
}): DeadLetter {
  const all = readHeaders(record.headers)
  const need = (name: string): string => {
    const value = all[name]
    if (value === undefined) throw new TypeError(`dead letter lacks header ${name}`)
    return value
  }
  const partition = Number(need(DeadLetterHeader.partition))
  const attempts = Number(need(DeadLetterHeader.attempts))
  const failedAt = new Date(need(DeadLetterHeader.failedAt))
  const offset = need(DeadLetterHeader.offset)
  if (!Number.isInteger(partition) || !Number.isInteger(attempts) || Number.isNaN(failedAt.getTime())) {
    throw new TypeError('dead letter has malformed failure headers')
  }
  if (!/^\d+$/.test(offset)) throw new TypeError('dead letter has a malformed original offset')
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(all)) {
    if (!isDeadLetterHeader(name)) headers[name] = value
  }
  return {
    key: record.key,
    value: record.value,
    headers,
    failure: {
      topic: need(DeadLetterHeader.topic),
      partition,
      offset,
      groupId: need(DeadLetterHeader.groupId),
      errorName: need(DeadLetterHeader.errorName),
      errorMessage: need(DeadLetterHeader.errorMessage),
      attempts,
      failedAt,
    },
  }
}

function isDeadLetterHeader(name: string): boolean {
  return name.startsWith('dlq-')
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

import { describe, expect, it } from 'vitest'
import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs'
import { isTransient, lagAfter } from './event-consumer.js'

describe('lagAfter', () => {
  it.each([
    ['10', '9', 0],
    ['10', '4', 5],
    ['10', '12', 0],
    ['9007199254740993', '0', 9007199254740992],
  ])('high watermark %s after offset %s leaves %i', (highWatermark, offset, lag) => {
    expect(lagAfter(highWatermark, offset)).toBe(lag)
  })
})

describe('isTransient', () => {
  const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092')
  it.each([
    ['a refused connection', refused, true],
    [
      'retries run out on a refused connection',
      new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 1 }),
      true,
    ],
    ['a non-retriable kafkajs error', new KafkaJSNonRetriableError('topic authorization failed'), false],
    [
      'retries run out on a non-retriable error',
      new KafkaJSNumberOfRetriesExceeded(new KafkaJSNonRetriableError('no'), { retryCount: 1, retryTime: 1 }),
      false,
    ],
    ['a plain error', new Error('bug'), false],
    ['not an error', undefined, false],
  ])('%s → %s', (_name, err, transient) => {
    expect(isTransient(err)).toBe(transient)
  })
})

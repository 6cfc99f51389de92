import { describe, expect, it } from 'vitest'
import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs'
import { isTransient, retryWhileTransient } from './transient-retry.js'

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

describe('retryWhileTransient', () => {
  const refused = () => new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092')

  it('tries again after a transient error and returns what the attempt that worked returned', async () => {
    const retries: number[] = []
    let calls = 0
    const result = await retryWhileTransient(
      () => {
        calls += 1
        return calls < 3 ? Promise.reject(refused()) : Promise.resolve('connected')
      },
      { deadlineMs: 10_000, onRetry: (_err, attempt) => void retries.push(attempt) },
    )
    expect(result).toBe('connected')
    expect(calls).toBe(3)
    expect(retries).toEqual([1, 2])
  })

  it('throws a non-transient error at once', async () => {
    let calls = 0
    const attempt = () => {
      calls += 1
      return Promise.reject(new KafkaJSNonRetriableError('topic authorization failed'))
    }
    await expect(
      retryWhileTransient(attempt, { deadlineMs: 10_000, onRetry: () => undefined }),
    ).rejects.toThrow('topic authorization failed')
    expect(calls).toBe(1)
  })

  it('gives up with the last error once the deadline has passed, or when aborted', async () => {
    let calls = 0
    const attempt = () => {
      calls += 1
      return Promise.reject(refused())
    }
    await expect(retryWhileTransient(attempt, { deadlineMs: 0, onRetry: () => undefined })).rejects.toThrow(
      'ECONNREFUSED',
    )
    expect(calls).toBe(1)
    const aborted = AbortSignal.abort()
    await expect(
      retryWhileTransient(attempt, { deadlineMs: 10_000, signal: aborted, onRetry: () => undefined }),
    ).rejects.toThrow('ECONNREFUSED')
    expect(calls).toBe(2)
  })
})

/** How a consumer retries a failing handler before dead-lettering the message. */
export interface RetryPolicy {
  /** Handler attempts in total, the first included (1 = no retry). */
  readonly attempts: number
  /** Delay before the first retry, in milliseconds. */
  readonly initialMs: number
  /** Upper bound of any delay, in milliseconds. */
  readonly maxMs: number
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 5, initialMs: 200, maxMs: 10_000 }

/**
 * Delay before retry number `retry` (1 = first retry): exponential growth from `initialMs`,
 * capped at `maxMs`, with "equal jitter" — a random point in the upper half of the window —
 * so that many consumers failing together do not retry in lock-step.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, retry - 1)
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent)
  const half = ceiling / 2
  return Math.round(half + random() * half)
}

/** Checks a retry policy, so a bad value fails at construction rather than at the first error. */
export function validateRetryPolicy(policy: RetryPolicy): RetryPolicy {
  const { attempts, initialMs, maxMs } = policy
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new RangeError(`retry.attempts must be an integer >= 1`)
  if (!(initialMs >= 0)) throw new RangeError('retry.initialMs must be >= 0')
  if (!(maxMs >= initialMs)) throw new RangeError('retry.maxMs must be >= retry.initialMs')
  return policy
}

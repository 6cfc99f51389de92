import { backoffDelay } from './retry-backoff.js'

/** Between attempts: 0.5 s doubling to 5 s. */
const pause = { attempts: Number.MAX_SAFE_INTEGER, initialMs: 500, maxMs: 5_000 }

/** A retriable kafkajs error, also when kafkajs' own retries on it ran out. */
export function isTransient(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  const { retriable, name, cause } = err as { retriable?: unknown; name?: unknown; cause?: unknown }
  if (retriable === true) return true
  return name === 'KafkaJSNumberOfRetriesExceeded' && cause !== err && isTransient(cause)
}

export interface TransientRetryOptions {
  /** How long to keep trying after the first attempt failed (0: one attempt only). */
  readonly deadlineMs: number
  /** Stops retrying (the last error is thrown). */
  readonly signal?: AbortSignal
  /** Called before each pause, e.g. to log and to clean up the failed attempt. */
  readonly onRetry: (err: unknown, attempt: number, retryInMs: number) => Promise<void> | void
}

/**
 * Runs `attempt` until it succeeds, retrying while the cluster is briefly unreachable (a broker
 * restarting, a leader or coordinator being re-elected) for up to `deadlineMs`: a service started
 * at that moment comes up late instead of exiting. Errors kafkajs does not call retriable fail at once.
 */
export async function retryWhileTransient<T>(
  attempt: () => Promise<T>,
  options: TransientRetryOptions,
): Promise<T> {
  const deadline = Date.now() + options.deadlineMs
  for (let n = 1; ; n += 1) {
    try {
      return await attempt()
    } catch (err) {
      if (!isTransient(err) || options.signal?.aborted || Date.now() >= deadline) throw err
      const waitMs = backoffDelay(pause, n)
      await options.onRetry(err, n, waitMs)
      await new Promise((resolve) => setTimeout(resolve, waitMs))
    }
  }
}

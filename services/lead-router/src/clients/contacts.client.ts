import { createInternalClient, InternalApiError } from '@leadflow/http'
import { NonRetryableError } from '@leadflow/kafka'
import type { ContactQuery } from '../domain/inbound-touch.js'

/** The part of contacts' answer lead-router keeps on a lead. */
export interface ResolvedContact {
  contact: { id: string; name: string | null; email: string | null; phoneE164: string | null }
  created: boolean
  needsReview: boolean
}

export interface ContactsClient {
  /** The one contact for these details (created when new). Retries while contacts is unavailable. */
  resolve(
    query: ContactQuery,
    options: { signal: AbortSignal; onRetry?: (err: unknown) => void },
  ): Promise<ResolvedContact>
}

export interface ContactsClientOptions {
  baseUrl: string
  token: string
  defaultRegion?: string | undefined
  retryMaxMs: number
}

/** 4xx answers (other than timeouts and throttling) mean the request itself is wrong: retrying cannot help. */
function isPermanent(err: unknown): boolean {
  return (
    err instanceof InternalApiError &&
    err.status >= 400 &&
    err.status < 500 &&
    ![408, 429].includes(err.status)
  )
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('stopping'))
      return
    }
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(new Error('stopping'))
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

export function createContactsClient({
  baseUrl,
  token,
  defaultRegion,
  retryMaxMs,
}: ContactsClientOptions): ContactsClient {
  const client = createInternalClient({ baseUrl, token })
  return {
    async resolve(query, { signal, onRetry }) {
      const body = defaultRegion ? { ...query, defaultRegion } : query
      for (let attempt = 1; ; attempt++) {
        try {
          return await client.post<ResolvedContact>('/internal/v1/contacts/resolve', body)
        } catch (err) {
          if (isPermanent(err)) {
            throw new NonRetryableError(`contacts refused the touch: ${(err as Error).message}`, {
              cause: err,
            })
          }
          // An outage is waited out here, so the event is never dead-lettered for it.
          onRetry?.(err)
          const ceiling = Math.min(retryMaxMs, 100 * 2 ** Math.min(attempt, 16))
          await wait(ceiling / 2 + Math.random() * (ceiling / 2), signal)
        }
      }
    },
  }
}

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
  /** The contacts for many queries, in order, in as few requests as contacts accepts. Retries likewise. */
  resolveMany(
    queries: readonly ContactQuery[],
    options: { signal: AbortSignal; onRetry?: (err: unknown) => void },
  ): Promise<ResolvedContact[]>
}

/**
 * Queries per request. contacts looks up and creates phone-only callers (calls) together, in one
 * query and one insert, so even 250 new ones answer in a fraction of the client's 5 s timeout;
 * fewer, larger requests cut the time a batch of calls waits for its contacts. Anything else (an
 * e-mail, a company) is resolved one at a time, so such requests stay at 100.
 */
const resolveBatchLimit = { phoneOnly: 250, other: 100 }
const isPhoneOnly = (query: ContactQuery): boolean => Boolean(query.phone && !query.email && !query.company)

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
  const withRegion = (query: ContactQuery) => (defaultRegion ? { ...query, defaultRegion } : query)

  /** Posts until contacts answers: an outage is waited out here, so the event is never dead-lettered for it. */
  async function post<T>(
    path: string,
    body: unknown,
    { signal, onRetry }: { signal: AbortSignal; onRetry?: (err: unknown) => void },
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await client.post<T>(path, body)
      } catch (err) {
        if (isPermanent(err)) {
          throw new NonRetryableError(`contacts refused the touch: ${(err as Error).message}`, {
            cause: err,
          })
        }
        onRetry?.(err)
        const ceiling = Math.min(retryMaxMs, 100 * 2 ** Math.min(attempt, 16))
        await wait(ceiling / 2 + Math.random() * (ceiling / 2), signal)
      }
    }
  }

  return {
    resolve: (query, options) =>
      post<ResolvedContact>('/internal/v1/contacts/resolve', withRegion(query), options),
    async resolveMany(queries, options) {
      const out: ResolvedContact[] = []
      const limit = queries.every(isPhoneOnly) ? resolveBatchLimit.phoneOnly : resolveBatchLimit.other
      for (let from = 0; from < queries.length; from += limit) {
        const items = queries.slice(from, from + limit).map(withRegion)
        const answer = await post<{ data: ResolvedContact[] }>(
          '/internal/v1/contacts/resolve-batch',
          { items },
          options,
        )
        out.push(...answer.data)
      }
      return out
    },
  }
}

import type { Problem } from './problem.js'

export interface InternalClientOptions {
  /** e.g. `http://127.0.0.1:8082` */
  baseUrl: string
  /** The shared service credential (`INTERNAL_API_TOKEN`). */
  token: string
  timeoutMs?: number
  /** Propagated as `x-request-id` so one request can be followed across services. */
  requestId?: string
}

/** A non-2xx answer from another service; `problem` is its problem+json body when it sent one. */
export class InternalApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem> | undefined,
    message: string,
  ) {
    super(message)
    this.name = 'InternalApiError'
  }
}

type Query = Record<string, string | number | boolean | undefined>

export interface InternalClient {
  get<T>(path: string, query?: Query): Promise<T>
  post<T>(path: string, body?: unknown): Promise<T>
  put<T>(path: string, body?: unknown): Promise<T>
  patch<T>(path: string, body?: unknown): Promise<T>
  delete<T>(path: string): Promise<T>
}

/** JSON over HTTP to another Leadflow service's internal API, authenticated with the service token. */
export function createInternalClient({
  baseUrl,
  token,
  timeoutMs = 5_000,
  requestId,
}: InternalClientOptions): InternalClient {
  async function call<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const url = new URL(path, baseUrl)
    for (const [key, value] of Object.entries(query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value))
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (requestId) headers['x-request-id'] = requestId
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    })
    const text = await response.text()
    const parsed: unknown = text.length > 0 ? JSON.parse(text) : undefined
    if (!response.ok) {
      const problem = parsed as Partial<Problem> | undefined
      throw new InternalApiError(
        response.status,
        problem,
        `${method} ${url.pathname} → ${response.status} ${problem?.detail ?? ''}`.trim(),
      )
    }
    return parsed as T
  }
  return {
    get: (path, query) => call('GET', path, undefined, query),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
    patch: (path, body) => call('PATCH', path, body),
    delete: (path) => call('DELETE', path),
  }
}

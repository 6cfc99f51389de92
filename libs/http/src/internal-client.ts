import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
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

// One keep-alive pool per process for every internal call: a service talks to a handful of
// others, and a connection set up once serves many requests. (node:http rather than `fetch`: in
// this hop undici's WHATWG layer — Headers, streams, AbortSignal — cost more CPU than the call.)
const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: 128, maxFreeSockets: 32 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 128, maxFreeSockets: 32 }),
}

/** Methods that may be sent again when a pooled connection turns out to be closed by the peer. */
const idempotent = new Set(['GET', 'PUT', 'DELETE'])

interface RawAnswer {
  status: number
  text: string
}

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
) {
  return new Promise<RawAnswer>((resolve, reject) => {
    const secure = url.protocol === 'https:'
    const req = (secure ? httpsRequest : httpRequest)(url, {
      method,
      headers,
      agent: secure ? agents.https : agents.http,
    })
    const timer = setTimeout(() => {
      req.destroy(new Error(`${method} ${url.pathname}: no answer within ${timeoutMs} ms`))
    }, timeoutMs)
    req.once('error', (err) => {
      clearTimeout(timer)
      reject(Object.assign(err, { reusedSocket: req.reusedSocket }))
    })
    req.once('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.once('error', (err) => {
        clearTimeout(timer)
        reject(err)
      })
      response.once('end', () => {
        clearTimeout(timer)
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') })
      })
    })
    req.end(body)
  })
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
    const payload = body === undefined ? undefined : JSON.stringify(body)
    if (payload !== undefined) {
      headers['content-type'] = 'application/json'
      headers['content-length'] = String(Buffer.byteLength(payload))
    }
    if (requestId) headers['x-request-id'] = requestId
    const answer = await send(url, method, headers, payload, timeoutMs).catch((err: unknown) => {
      // The peer closed a pooled keep-alive connection just as it was reused: nothing was
      // processed, so an idempotent request goes once more on a fresh connection.
      const { code, reusedSocket } = err as { code?: string; reusedSocket?: boolean }
      if (reusedSocket && code === 'ECONNRESET' && idempotent.has(method))
        return send(url, method, headers, payload, timeoutMs)
      throw err
    })
    const parsed: unknown = answer.text.length > 0 ? JSON.parse(answer.text) : undefined
    if (answer.status < 200 || answer.status > 299) {
      const problem = parsed as Partial<Problem> | undefined
      throw new InternalApiError(
        answer.status,
        problem,
        `${method} ${url.pathname} → ${answer.status} ${problem?.detail ?? ''}`.trim(),
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

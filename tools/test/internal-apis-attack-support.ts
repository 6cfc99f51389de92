import { randomUUID } from 'node:crypto'

/** One internal route, with a body and path that would pass or fail validation. */
export type Route = readonly [method: string, path: string, body?: unknown]

/** Credentials a caller without the service token might try. */
export const wrongCredentials: readonly [string, Record<string, string>][] = [
  ['no credential', {}],
  ['a wrong service token', { authorization: 'Bearer not-the-service-token' }],
  ['the right scheme with an empty token', { authorization: 'Bearer ' }],
  ['another scheme', { authorization: `Basic ${Buffer.from('gateway:secret').toString('base64')}` }],
  ['an API key', { authorization: `ApiKey lf_${randomUUID()}_guessed` }],
]

export interface Answer {
  status: number
  type: string
  body: Record<string, unknown>
}

export async function send(base: string, [method, path, body]: Route, headers: Record<string, string>) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
  } satisfies Answer
}

/** The refusal without what differs per request (its id and path). */
export function constantPart({ status, type, body }: Answer) {
  const { requestId: _id, instance: _instance, ...rest } = body
  return { status, type, body: rest }
}

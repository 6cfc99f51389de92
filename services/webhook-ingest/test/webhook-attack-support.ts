import { expect } from 'vitest'

/** One attack on a public surface: what is sent and the documented refusal. */
export interface Attack {
  name: string
  send: () => Promise<Response>
  status: number
  code: string
}

/** Asserts a problem+json refusal with `status` and the stable `code`; returns the response. */
export async function expectRefusal(res: Response, status: number, code: string): Promise<Response> {
  const text = await res.text()
  const body = (text ? JSON.parse(text) : null) as { code?: unknown; status?: unknown } | null
  expect({ status: res.status, code: body?.code }, text).toEqual({ status, code })
  expect(res.headers.get('content-type')).toContain('application/problem+json')
  expect(body?.status).toBe(status)
  return res
}

/** `init` with some headers replaced (a value of `undefined` removes the header). */
export function withHeaders(
  init: { method: string; headers: Record<string, string>; body: string },
  changes: Record<string, string | undefined>,
) {
  const headers = { ...init.headers }
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete headers[name]
    else headers[name] = value
  }
  return { ...init, headers }
}

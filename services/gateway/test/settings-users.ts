/* eslint-disable @typescript-eslint/no-unsafe-member-access -- answers are read as untyped JSON */
import { randomUUID } from 'node:crypto'
import { client, login, type Call } from './gateway-harness.js'

export interface SignedIn {
  id: string
  auth: string
}

/** Creates a user with `role` through the admin API and signs them in. */
export async function signedInUser(
  url: string,
  admin: string,
  role: 'admin' | 'head' | 'agent' | 'readonly',
  departmentId?: string,
): Promise<SignedIn> {
  const email = `${role}-${randomUUID()}@leadflow.test`
  const password = 'Role-password-123'
  const res = await client(url)('POST', '/api/v1/users', {
    auth: admin,
    body: { email, name: role, password, role, ...(departmentId ? { departmentId } : {}) },
  })
  if (res.status !== 201) throw new Error(`user not created: ${res.status} ${JSON.stringify(res.body)}`)
  return {
    id: res.body.id as string,
    auth: `Bearer ${(await login(client(url), email, password)).accessToken}`,
  }
}

/** A problem+json refusal with `status` and, when given, `code`. */
export function expectProblem(res: Call, status: number, code?: string): void {
  const problem = res.headers.get('content-type') ?? ''
  if (
    res.status !== status ||
    !problem.includes('application/problem+json') ||
    (code && res.body?.code !== code)
  )
    throw new Error(
      `expected ${status} ${code ?? ''} problem+json, got ${res.status} ${problem} ${JSON.stringify(res.body)}`,
    )
}

/** Polls `check` until it answers something truthy, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 30_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error('condition not met before the deadline')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

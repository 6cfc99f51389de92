/* eslint-disable @typescript-eslint/no-unsafe-member-access -- answers are read as untyped JSON */
import { randomUUID } from 'node:crypto'
import { expect } from 'vitest'
import { client, login, type Call } from './gateway-harness.js'

export type Role = 'admin' | 'head' | 'agent' | 'readonly'

export interface Caller {
  id: string
  auth: string
}

/** A user with `role`, created through the admin API and signed in. */
export async function userWithRole(
  url: string,
  admin: string,
  role: Role,
  departmentId?: string,
): Promise<Caller> {
  const email = `${role}-${randomUUID()}@leadflow.test`
  const password = 'Role-password-123'
  const res = await client(url)('POST', '/api/v1/users', {
    auth: admin,
    body: { email, name: `${role} user`, password, role, ...(departmentId ? { departmentId } : {}) },
  })
  expect(res.status).toBe(201)
  return {
    id: res.body.id as string,
    auth: `Bearer ${(await login(client(url), email, password)).accessToken}`,
  }
}

/** An API key holding `scopes`, as an Authorization header value. */
export async function apiKeyWith(url: string, admin: string, ...scopes: string[]): Promise<string> {
  const res = await client(url)('POST', '/api/v1/api-keys', {
    auth: admin,
    body: { name: 'crm client', scopes },
  })
  expect(res.status).toBe(201)
  return `ApiKey ${res.body.key as string}`
}

/** A problem+json refusal with this status and code. */
export function expectRefused(res: Call, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code as unknown }).toEqual({ status, code })
  expect(res.headers.get('content-type')).toContain('application/problem+json')
}

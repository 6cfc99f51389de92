import { expectStatus, type GatewayClient } from './gateway-client.js'

export interface User {
  id: string
  email: string
}

/** The administrator's setup steps, all through the public gateway API. */
export interface Settings {
  createUser(name: string, email: string, role: 'admin' | 'head' | 'agent'): Promise<User>
  createApiKey(name: string, scopes: string[]): Promise<string>
  /** A department with `members` as active members and `head` as its head. */
  createDepartment(name: string, members: User[], head?: User): Promise<string>
  createLeadSource(slug: string, departmentId: string, slaMinutes?: number): Promise<void>
  /** `PUT /api/v1/providers/{provider}` (or `inbound/:source`). */
  putProvider(provider: string, settings: Record<string, unknown>): Promise<void>
  createMailbox(settings: Record<string, unknown>): Promise<string>
}

export function settings(admin: GatewayClient, password: string): Settings {
  return {
    async createUser(name, email, role) {
      const body = { name, email, role, password }
      const user = expectStatus(await admin.request<User>('POST', '/api/v1/users', body), 201, 'create user')
      return { id: user.id, email }
    },
    async createApiKey(name, scopes) {
      const answer = await admin.request<{ key: string }>('POST', '/api/v1/api-keys', { name, scopes })
      return expectStatus(answer, 201, 'create API key').key
    },
    async createDepartment(name, members, head) {
      const body = { name, headUserId: head?.id ?? null }
      const answer = await admin.request<{ id: string }>('POST', '/api/v1/departments', body)
      const { id } = expectStatus(answer, 201, 'create department')
      for (const member of members) {
        const path = `/api/v1/departments/${id}/members/${member.id}`
        expectStatus(await admin.request('PUT', path, { active: true }), 200, 'add member')
      }
      return id
    },
    async createLeadSource(slug, departmentId, slaMinutes) {
      const body = { slug, name: slug, departmentId, ...(slaMinutes ? { slaMinutes } : {}) }
      expectStatus(await admin.request('POST', '/api/v1/lead-sources', body), 201, 'create source')
    },
    async putProvider(provider, body) {
      const answer = await admin.request('PUT', `/api/v1/providers/${provider}`, body)
      expectStatus(answer, 200, `settings of ${provider}`)
    },
    async createMailbox(body) {
      const answer = await admin.request<{ id: string }>('POST', '/api/v1/mailboxes', body)
      return expectStatus(answer, 201, 'create mailbox').id
    },
  }
}

import { expectStatus, gatewayClient, type GatewayClient } from './gateway-client.js'
import type { Stack } from './stack.js'

export interface User {
  id: string
  email: string
}

/**
 * The administrator's setup steps. Users and API keys go through the public gateway API.
 * Departments, lead sources, provider settings and mailboxes are set on the owning service's
 * internal API with the service credential, until the gateway offers those routes.
 */
export interface Settings {
  createUser(name: string, email: string, role: 'admin' | 'head' | 'agent'): Promise<User>
  createApiKey(name: string, scopes: string[]): Promise<string>
  /** A department with `members` as active members and `head` as its head. */
  createDepartment(name: string, members: User[], head?: User): Promise<string>
  createLeadSource(slug: string, departmentId: string, slaMinutes?: number): Promise<void>
  putProvider(provider: string, settings: Record<string, unknown>): Promise<void>
  createMailbox(settings: Record<string, unknown>): Promise<string>
}

export function settings(stack: Stack, admin: GatewayClient): Settings {
  const internal = (service: keyof Stack['services']): GatewayClient =>
    gatewayClient(stack.services[service].url, `Bearer ${stack.internalToken}`)
  const router = internal('lead-router')
  return {
    async createUser(name, email, role) {
      const body = { name, email, role, password: `e2e-${stack.run}-password` }
      const user = expectStatus(await admin.request<User>('POST', '/api/v1/users', body), 201, 'create user')
      return { id: user.id, email }
    },
    async createApiKey(name, scopes) {
      const answer = await admin.request<{ key: string }>('POST', '/api/v1/api-keys', { name, scopes })
      return expectStatus(answer, 201, 'create API key').key
    },
    async createDepartment(name, members, head) {
      const body = { name, headUserId: head?.id ?? null }
      const answer = await router.request<{ id: string }>('POST', '/internal/v1/departments', body)
      const { id } = expectStatus(answer, 201, 'create department')
      for (const member of members) {
        const path = `/internal/v1/departments/${id}/members/${member.id}`
        expectStatus(await router.request('PUT', path, { active: true }), 200, 'add member')
      }
      return id
    },
    async createLeadSource(slug, departmentId, slaMinutes) {
      const body = { slug, name: slug, departmentId, ...(slaMinutes ? { slaMinutes } : {}) }
      expectStatus(await router.request('POST', '/internal/v1/lead-sources', body), 201, 'create source')
    },
    async putProvider(provider, body) {
      const ingest = internal('webhook-ingest')
      const path = `/internal/v1/providers/${provider}`
      expectStatus(await ingest.request('PUT', path, body), 200, `settings of ${provider}`)
    },
    async createMailbox(body) {
      const answer = await internal('imap-poller').request<{ id: string }>(
        'POST',
        '/internal/v1/mailboxes',
        body,
      )
      return expectStatus(answer, 201, 'create mailbox').id
    },
  }
}

import { describe, expect, it } from 'vitest'
import type { Principal } from '../auth/principal.js'
import { canAddMember, canManageMembers } from './departments-access.js'

const dep = { id: 'd0000000-0000-4000-8000-000000000001', headUserId: null }
const headed = { id: 'd0000000-0000-4000-8000-000000000002', headUserId: 'u-head2' }
const admin: Principal = { kind: 'user', id: 'u-admin', role: 'admin', departmentId: null }
const head: Principal = { kind: 'user', id: 'u-head', role: 'head', departmentId: dep.id }
const namedHead: Principal = { kind: 'user', id: 'u-head2', role: 'head', departmentId: null }
const agent: Principal = { kind: 'user', id: 'u-agent', role: 'agent', departmentId: dep.id }
const readonly: Principal = { kind: 'user', id: 'u-ro', role: 'readonly', departmentId: dep.id }
const key: Principal = { kind: 'api_key', id: 'k1', scopes: ['leads:read'] }

describe('canManageMembers', () => {
  it.each([
    ['admin, any department', admin, dep, true],
    ['head of their own department', head, dep, true],
    ['head of another department', head, headed, false],
    ['head named on the department', namedHead, headed, true],
    ['agent in the department', agent, dep, false],
    ['read-only user in the department', readonly, dep, false],
    ['API key', key, dep, false],
    ['anonymous', null, dep, false],
  ] as const)('%s → %s', (_name, principal, department, expected) => {
    expect(canManageMembers(principal, department)).toBe(expected)
  })
})

describe('canAddMember', () => {
  it.each([
    ['admin adds a user of another department', admin, { departmentId: headed.id }, true],
    ['head adds a user of their department', head, { departmentId: dep.id }, true],
    ['head adds a user without a department', head, { departmentId: null }, true],
    ['head adds a user of another department', head, { departmentId: headed.id }, false],
    ['agent adds a colleague', agent, { departmentId: dep.id }, false],
  ] as const)('%s → %s', (_name, principal, user, expected) => {
    expect(canAddMember(principal, dep, user)).toBe(expected)
  })
})

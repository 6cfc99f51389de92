import { describe, expect, it } from 'vitest'
import type { Principal } from '../auth/principal.js'
import { canEditLead, canReadLead, leadListScope } from './lead-access.js'

const dep = 'd0000000-0000-4000-8000-000000000001'
const otherDep = 'd0000000-0000-4000-8000-000000000002'
const admin: Principal = { kind: 'user', id: 'u-admin', role: 'admin', departmentId: null }
const head: Principal = { kind: 'user', id: 'u-head', role: 'head', departmentId: dep }
const headless: Principal = { kind: 'user', id: 'u-head2', role: 'head', departmentId: null }
const agent: Principal = { kind: 'user', id: 'u-agent', role: 'agent', departmentId: dep }
const readonly: Principal = { kind: 'user', id: 'u-ro', role: 'readonly', departmentId: null }
const reader: Principal = { kind: 'api_key', id: 'k1', scopes: ['leads:read'] }
const submitter: Principal = { kind: 'api_key', id: 'k2', scopes: ['leads:submit'] }

describe('leadListScope', () => {
  it.each([
    ['admin', admin, {}, {}],
    ['admin filtering', admin, { ownerId: 'x' }, { ownerId: 'x' }],
    ['head', head, {}, { departmentId: dep }],
    ['head, own department', head, { departmentId: dep }, { departmentId: dep }],
    ['head, other department', head, { departmentId: otherDep }, null],
    ['head without department', headless, {}, null],
    ['agent', agent, {}, { ownerId: 'u-agent' }],
    ['agent asking for another owner', agent, { ownerId: 'u-other' }, null],
    [
      'agent with a department filter',
      agent,
      { departmentId: otherDep },
      { departmentId: otherDep, ownerId: 'u-agent' },
    ],
    ['readonly', readonly, {}, {}],
    ['API key with leads:read', reader, {}, {}],
    ['API key without leads:read', submitter, {}, null],
  ] as const)('%s', (_name, principal, requested, expected) => {
    expect(leadListScope(principal, requested)).toEqual(expected)
  })
})

describe('canReadLead / canEditLead', () => {
  const mine = { ownerId: 'u-agent', departmentId: dep }
  const colleague = { ownerId: 'u-other', departmentId: dep }
  const elsewhere = { ownerId: 'u-far', departmentId: otherDep }
  it.each([
    [admin, elsewhere, true, true],
    [head, colleague, true, true],
    [head, elsewhere, false, false],
    [agent, mine, true, true],
    [agent, colleague, false, false],
    [readonly, elsewhere, true, false],
    [reader, elsewhere, true, false],
    [submitter, mine, false, false],
  ] as const)('%o on %o → read %s, edit %s', (principal, lead, read, edit) => {
    expect(canReadLead(principal, lead)).toBe(read)
    expect(canEditLead(principal, lead)).toBe(edit)
  })
})

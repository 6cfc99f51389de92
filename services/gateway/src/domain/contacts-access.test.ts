import { describe, expect, it } from 'vitest'
import type { Principal } from '../auth/principal.js'
import { crmRefusal, type CrmAction, type CrmRefusal } from './contacts-access.js'

const user = (role: 'admin' | 'head' | 'agent' | 'readonly'): Principal => ({
  kind: 'user',
  id: `${role}-id`,
  role,
  departmentId: null,
})
const key = (...scopes: string[]): Principal => ({ kind: 'api_key', id: 'key-id', scopes })

describe('who may read, write and curate contacts and companies', () => {
  const cases: [string, Principal, CrmAction, CrmRefusal][] = [
    ['admin reads', user('admin'), 'read', null],
    ['admin merges', user('admin'), 'curate', null],
    ['head merges', user('head'), 'curate', null],
    ['agent writes', user('agent'), 'write', null],
    ['agent may not merge or delete', user('agent'), 'curate', 'insufficient_role'],
    ['read-only user reads', user('readonly'), 'read', null],
    ['read-only user never writes', user('readonly'), 'write', 'insufficient_role'],
    ['read-only user never curates', user('readonly'), 'curate', 'insufficient_role'],
    ['key with contacts:read reads', key('contacts:read'), 'read', null],
    ['key with contacts:write reads', key('contacts:write'), 'read', null],
    ['key with contacts:read may not write', key('contacts:read'), 'write', 'insufficient_scope'],
    ['key with contacts:write writes', key('contacts:write'), 'write', null],
    [
      'key with only lead scopes reads nothing',
      key('leads:read', 'leads:submit'),
      'read',
      'insufficient_scope',
    ],
    ['no key ever merges or deletes', key('contacts:write'), 'curate', 'insufficient_role'],
  ]
  it.each(cases)('%s', (_name, principal, action, expected) => {
    expect(crmRefusal(principal, action)).toBe(expected)
  })
})

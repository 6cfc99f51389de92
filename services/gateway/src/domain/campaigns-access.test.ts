import { describe, expect, it } from 'vitest'
import type { Principal } from '../auth/principal.js'
import { campaignAudienceFor, canRunCampaigns } from './campaigns-access.js'

const dep = 'd0000000-0000-4000-8000-000000000001'
const other = 'd0000000-0000-4000-8000-000000000002'
const admin: Principal = { kind: 'user', id: 'a', role: 'admin', departmentId: null }
const head: Principal = { kind: 'user', id: 'h', role: 'head', departmentId: dep }
const headless: Principal = { kind: 'user', id: 'h2', role: 'head', departmentId: null }
const agent: Principal = { kind: 'user', id: 'g', role: 'agent', departmentId: dep }
const readonly: Principal = { kind: 'user', id: 'r', role: 'readonly', departmentId: dep }
const key: Principal = { kind: 'api_key', id: 'k', scopes: ['leads:read'] }

describe('campaignAudienceFor', () => {
  it.each([
    ['admin, contact base', admin, { contacts: { q: 'acme' } }, { contacts: { q: 'acme' } }],
    ['admin, no audience', admin, null, null],
    ['head, explicit recipients only', head, undefined, undefined],
    [
      'head, own leads get the department filter',
      head,
      { leads: { status: 'won' } },
      { leads: { status: 'won', departmentId: dep } },
    ],
    ['head, own department named', head, { leads: { departmentId: dep } }, { leads: { departmentId: dep } }],
  ] as const)('%s → allowed', (_name, principal, audience, expected) => {
    expect(campaignAudienceFor(principal, audience)).toEqual({ allowed: true, audience: expected })
  })

  it.each([
    ['head, contact base', head, { contacts: {} }],
    ['head, another department', head, { leads: { departmentId: other } }],
    ['head without a department, leads', headless, { leads: {} }],
    ['agent', agent, null],
    ['API key', key, null],
    ['anonymous', null, null],
  ] as const)('%s → refused', (_name, principal, audience) => {
    expect(campaignAudienceFor(principal, audience).allowed).toBe(false)
  })
})

describe('canRunCampaigns', () => {
  it.each([
    ['admin', admin, true],
    ['head', head, true],
    ['agent', agent, false],
    ['read-only', readonly, false],
    ['API key', key, false],
    ['anonymous', null, false],
  ] as const)('%s → %s', (_name, principal, expected) => {
    expect(canRunCampaigns(principal)).toBe(expected)
  })
})

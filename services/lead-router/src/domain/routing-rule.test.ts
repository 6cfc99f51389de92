import { describe, expect, it } from 'vitest'
import { pickRule, ruleMatches, type RoutingFacts, type RuleMatch } from './routing-rule.js'

const call: RoutingFacts = {
  kind: 'call',
  source: 'call',
  provider: 'zadarma',
  did: '+44 20 7946 0000',
  country: 'GB',
  at: new Date('2025-03-14T09:26:53Z'), // Friday
}
const email: RoutingFacts = { kind: 'email', source: 'email', mailbox: 'sales', at: call.at }
const weekdayHours = { mon: [['09:00', '17:00']], fri: [['09:00', '17:00']] } as NonNullable<
  RuleMatch['timeWindow']
>['hours']

describe('ruleMatches', () => {
  it.each<[string, RuleMatch, RoutingFacts, boolean]>([
    ['empty match matches everything', {}, call, true],
    ['kind', { kinds: ['email'] }, call, false],
    ['provider, case-insensitive', { provider: 'Zadarma' }, call, true],
    ['other provider', { provider: 'onlinepbx' }, call, false],
    ['DID compared by digits', { did: '442079460000' }, call, true],
    ['other DID', { did: '442079460001' }, call, false],
    ['DID on an e-mail', { did: '442079460000' }, email, false],
    ['mailbox', { mailbox: 'sales' }, email, true],
    ['country', { country: 'DE' }, call, false],
    ['country GB', { country: 'gb' }, call, true],
    [
      'inside a time window',
      { timeWindow: { hours: weekdayHours, timezone: 'UTC', outside: false } },
      call,
      true,
    ],
    ['outside flag', { timeWindow: { hours: weekdayHours, timezone: 'UTC', outside: true } }, call, false],
    [
      'time window in another zone',
      { timeWindow: { hours: weekdayHours, timezone: 'America/New_York', outside: false } },
      call,
      false,
    ],
    ['every field must match', { provider: 'zadarma', country: 'DE' }, call, false],
  ])('%s', (_name, match, facts, expected) => {
    expect(ruleMatches(match, facts)).toBe(expected)
  })
})

describe('pickRule', () => {
  it('takes the matching rule with the lowest priority number', () => {
    const rules = [
      { id: 'r1', priority: 20, match: {}, departmentId: 'd1', ownerId: null },
      { id: 'r2', priority: 10, match: { provider: 'zadarma' }, departmentId: 'd2', ownerId: null },
      { id: 'r3', priority: 5, match: { kinds: ['email' as const] }, departmentId: 'd3', ownerId: null },
    ]
    expect(pickRule(rules, call)?.id).toBe('r2')
    expect(pickRule(rules, email)?.id).toBe('r3')
    expect(pickRule([], call)).toBeUndefined()
  })
})

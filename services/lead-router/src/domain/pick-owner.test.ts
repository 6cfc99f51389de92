import { describe, expect, it } from 'vitest'
import { pickOwner } from './pick-owner.js'

const at = (iso: string): Date => new Date(iso)

describe('pickOwner', () => {
  it('picks the member with the fewest open leads', () => {
    expect(
      pickOwner([
        { userId: 'a', openLeads: 3, lastAssignedAt: null },
        { userId: 'b', openLeads: 1, lastAssignedAt: at('2025-03-14T10:00:00Z') },
      ]),
    ).toBe('b')
  })
  it('breaks ties by the longest idle, never-assigned first', () => {
    expect(
      pickOwner([
        { userId: 'a', openLeads: 1, lastAssignedAt: at('2025-03-14T10:00:00Z') },
        { userId: 'b', openLeads: 1, lastAssignedAt: at('2025-03-14T09:00:00Z') },
      ]),
    ).toBe('b')
    expect(
      pickOwner([
        { userId: 'a', openLeads: 0, lastAssignedAt: at('2025-03-14T09:00:00Z') },
        { userId: 'b', openLeads: 0, lastAssignedAt: null },
      ]),
    ).toBe('b')
  })
  it('skips excluded members and answers null when nobody is left', () => {
    const members = [{ userId: 'a', openLeads: 0, lastAssignedAt: null }]
    expect(pickOwner(members, ['a'])).toBeNull()
    expect(pickOwner([])).toBeNull()
  })
})

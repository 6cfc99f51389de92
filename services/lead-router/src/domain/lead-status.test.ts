import { describe, expect, it } from 'vitest'
import { canTransition, isOpen } from './lead-status.js'

describe('lead status transitions', () => {
  it.each([
    ['new', 'contacted', true],
    ['contacted', 'qualified', true],
    ['qualified', 'won', true],
    ['qualified', 'lost', true],
    ['new', 'lost', true],
    ['contacted', 'lost', true],
    ['new', 'won', false],
    ['new', 'qualified', false],
    ['contacted', 'new', false],
    ['won', 'lost', false],
    ['lost', 'contacted', false],
    ['new', 'new', false],
  ] as const)('%s → %s allowed: %s', (from, to, expected) => {
    expect(canTransition(from, to)).toBe(expected)
  })

  it('counts new, contacted and qualified as open', () => {
    expect(['new', 'contacted', 'qualified', 'won', 'lost'].map(isOpen)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ])
  })
})

import { describe, expect, it } from 'vitest'
import { recipientsOf } from './audience-loader.js'

describe('audience members to recipients', () => {
  it('mails each address once, case-insensitively, and counts members without one', () => {
    const seen = new Set<string>()
    const first = recipientsOf(
      [
        { email: 'Ann@Example.com', name: 'Ann Smith' },
        { email: null, name: 'Phone Only' },
        { email: ' ann@example.COM ', name: 'Ann again' },
        { email: 'bob@example.com', name: null },
      ],
      seen,
    )
    expect(first).toEqual({
      rows: [
        { email: 'ann@example.com', variables: { name: 'Ann Smith' } },
        { email: 'bob@example.com', variables: {} },
      ],
      skipped: 1,
    })
    // A lead on a later page with the address of a contact already taken adds nobody.
    const second = recipientsOf(
      [
        { email: 'BOB@example.com', name: 'Bob' },
        { email: '', name: 'Blank' },
        { email: 'cy@example.com', name: 'Cy' },
      ],
      seen,
    )
    expect(second).toEqual({ rows: [{ email: 'cy@example.com', variables: { name: 'Cy' } }], skipped: 1 })
  })
})

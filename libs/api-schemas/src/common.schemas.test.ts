import { describe, expect, it } from 'vitest'
import { isUuid } from './common.schemas.js'

describe('isUuid', () => {
  it('accepts hyphenated UUIDs in either case', () => {
    expect(isUuid('0b6f1c6e-4a8e-4f3a-9d2b-1c2d3e4f5a6b')).toBe(true)
    expect(isUuid('0B6F1C6E-4A8E-4F3A-9D2B-1C2D3E4F5A6B')).toBe(true)
  })

  it.each([
    '',
    '0b6f1c6e4a8e4f3a9d2b1c2d3e4f5a6b',
    '0b6f1c6e-4a8e-4f3a-9d2b-1c2d3e4f5a6',
    '0b6f1c6e-4a8e-4f3a-9d2b-1c2d3e4f5a6bb',
    '0b6f1c6e-4a8e-4f3a-9d2b-1c2d3e4f5a6g',
    '{0b6f1c6e-4a8e-4f3a-9d2b-1c2d3e4f5a6b}',
    '0b6f1c6e-4a8e-4f3a-9d2b-1c2d3e4f5a6b\n',
    "0b6f1c6e-4a8e-4f3a-9d2b-1c2d3e4f5a6b' OR '1'='1",
  ])('refuses %j', (text) => {
    expect(isUuid(text)).toBe(false)
  })
})

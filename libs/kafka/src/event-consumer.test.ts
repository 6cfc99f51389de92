import { describe, expect, it } from 'vitest'
import { lagAfter } from './event-consumer.js'

describe('lagAfter', () => {
  it.each([
    ['10', '9', 0],
    ['10', '4', 5],
    ['10', '12', 0],
    ['9007199254740993', '0', 9007199254740992],
  ])('high watermark %s after offset %s leaves %i', (highWatermark, offset, lag) => {
    expect(lagAfter(highWatermark, offset)).toBe(lag)
  })
})

import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * Compares two secrets in constant time, whatever their lengths: both sides are hashed first,
 * so neither the content nor the length of the expected value leaks through timing.
 */
export function safeEqual(actual: string | Buffer, expected: string | Buffer): boolean {
  const a = createHash('sha256').update(actual).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b) && Buffer.byteLength(actual) === Buffer.byteLength(expected)
}

/**
 * How long the n-th lockout (1-based) lasts: the base doubled for each earlier lockout, capped.
 */
export function lockoutSeconds(lockouts: number, baseSec: number, maxSec: number): number {
  const n = Math.max(1, Math.floor(lockouts))
  return Math.min(maxSec, baseSec * 2 ** Math.min(n - 1, 30))
}

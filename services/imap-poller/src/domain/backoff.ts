/**
 * Delay before reconnect attempt `failures` (1 = after the first failure): exponential from
 * `initialMs`, capped at `maxMs`, with "equal jitter" so replicas do not retry in lockstep.
 */
export function reconnectDelay(
  failures: number,
  { initialMs, maxMs }: { initialMs: number; maxMs: number },
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30)
  const ceiling = Math.min(maxMs, initialMs * 2 ** exponent)
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}

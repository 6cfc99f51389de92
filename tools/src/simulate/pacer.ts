import { setTimeout as sleep } from 'node:timers/promises'

/**
 * Paces sends at `rate` per second from the moment it is created: `await pacer.wait(i)`
 * returns at start + i/rate (at once when behind), and never lets more than `maxInFlight`
 * sends run at the same time.
 */
export function createPacer(rate: number, maxInFlight = 64) {
  const start = Date.now()
  const intervalMs = 1000 / rate
  let inFlight = 0
  const waiters: (() => void)[] = []
  return {
    async wait(index: number): Promise<void> {
      const delay = start + index * intervalMs - Date.now()
      if (delay > 0) await sleep(delay)
      while (inFlight >= maxInFlight) await new Promise<void>((resolve) => waiters.push(resolve))
      inFlight++
    },
    release(): void {
      inFlight--
      waiters.shift()?.()
    },
  }
}

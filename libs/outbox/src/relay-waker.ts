/** How the relay loop waits between publishes. */
export interface RelayWaker {
  /** Resolves after `ms`, or sooner on a wake-up (also one since the last `reset`) or `cancel`. */
  sleep(ms: number): Promise<void>
  /** Resolves after `ms`, or sooner on `cancel`; wake-ups do not shorten it. */
  linger(ms: number): Promise<void>
  wake(): void
  /** Whether there was a wake-up since the last `reset`. */
  woken(): boolean
  reset(): void
  /** Ends the current wait and every later one at once (the relay is stopping). */
  cancel(): void
}

export function createRelayWaker(): RelayWaker {
  let woken = false
  let cancelled = false
  let endSleep: (() => void) | undefined
  let endLinger: (() => void) | undefined

  function wait(ms: number, register: (done: () => void) => void, clear: () => void): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        clear()
        resolve()
      }
      register(done)
    })
  }

  return {
    sleep(ms) {
      if (woken || cancelled) return Promise.resolve()
      return wait(
        ms,
        (done) => (endSleep = done),
        () => (endSleep = undefined),
      )
    },
    linger(ms) {
      if (cancelled) return Promise.resolve()
      return wait(
        ms,
        (done) => (endLinger = done),
        () => (endLinger = undefined),
      )
    },
    wake() {
      woken = true
      endSleep?.()
    },
    woken: () => woken,
    reset() {
      woken = false
    },
    cancel() {
      cancelled = true
      endSleep?.()
      endLinger?.()
    },
  }
}

export interface ReadinessCheck {
  /** Dependency name shown to operators, e.g. `postgres`, `kafka`. */
  name: string
  /** Resolves when the dependency is reachable; rejects (or times out) otherwise. */
  check(): Promise<void>
}

export interface ReadinessResult {
  ready: boolean
  /** `ok` or the failure message, by check name. */
  checks: Record<string, string>
}

export const defaultReadinessTimeoutMs = 2000

async function withTimeout(run: () => Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    await Promise.race([Promise.resolve().then(run), timeout])
  } finally {
    clearTimeout(timer)
  }
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return (text || 'failed').slice(0, 200)
}

/** Runs every check in parallel, each bounded by `timeoutMs`. */
export async function runReadinessChecks(
  checks: readonly ReadinessCheck[],
  timeoutMs = defaultReadinessTimeoutMs,
): Promise<ReadinessResult> {
  const outcomes = await Promise.all(
    checks.map(async (item) => {
      const { name } = item
      try {
        await withTimeout(() => item.check(), timeoutMs)
        return { name, ok: true, outcome: 'ok' }
      } catch (error) {
        return { name, ok: false, outcome: messageOf(error) }
      }
    }),
  )
  return {
    ready: outcomes.every(({ ok }) => ok),
    checks: Object.fromEntries(outcomes.map(({ name, outcome }) => [name, outcome])),
  }
}

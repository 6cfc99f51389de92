import { z } from 'zod'

/** Crash points a fault campaign may arm: `name=probability` pairs (see `@leadflow/kafka` failpoint). */
export type FailpointSpec = Readonly<Record<string, number>>

const namePattern = /^[a-z][a-z0-9.-]*$/

/**
 * Reads `LEADFLOW_FAILPOINTS`, e.g. `outbox.after-broker-ack=0.02,consumer.after-commit-before-offset=1`:
 * comma-separated `name=probability` pairs, each probability in [0, 1]. Unset means none.
 * `loadConfig` refuses the variable when `NODE_ENV=production`.
 */
export function parseFailpoints(text: string): FailpointSpec {
  const spec: Record<string, number> = {}
  for (const part of text.split(',')) {
    const entry = part.trim()
    if (entry === '') continue
    const [name = '', value = '', ...rest] = entry.split('=').map((piece) => piece.trim())
    if (!entry.includes('=') || rest.length > 0 || !namePattern.test(name))
      throw new Error(`"${entry}" is not name=probability`)
    const probability = /^(0|1|0?\.\d+|1\.0*)$/.test(value) ? Number(value) : Number.NaN
    if (!(probability >= 0 && probability <= 1)) throw new Error(`"${name}" needs a probability from 0 to 1`)
    spec[name] = probability
  }
  return spec
}

export const failpointsField = z
  .string()
  .default('')
  .transform((text, ctx) => {
    try {
      return parseFailpoints(text)
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message })
      return z.NEVER
    }
  })

import type { z } from 'zod'
import { findSecretMeta } from './secret.schema.js'

/**
 * A copy of `config` safe to log: secrets become `[redacted]` and passwords inside URLs are masked.
 */
export function redactConfig(schema: z.ZodObject, config: Readonly<Record<string, unknown>>) {
  const shape: Readonly<Record<string, z.core.$ZodType>> = schema.shape
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(config)) {
    const field = shape[key]
    if (field && findSecretMeta(field)) out[key] = '[redacted]'
    else if (typeof value === 'string' && URL.canParse(value) && new URL(value).password) {
      const url = new URL(value)
      url.password = 'redacted'
      out[key] = url.toString()
    } else out[key] = value
  }
  return out
}

import { z } from 'zod'

export interface SecretMeta {
  /** Minimum length always required. */
  minLength: number
  /** Value used when the variable is unset outside production. */
  devDefault?: string
}

/** Every schema made by `secret()`; `loadConfig` uses it to find secrets in any config schema. */
export const secretRegistry = z.registry<SecretMeta>()

/**
 * A secret read from the environment. Outside production an unset secret falls back to
 * `devDefault`; in production `loadConfig` refuses a missing, default, placeholder, short or
 * low-variety value. Error messages never contain the value.
 */
export function secret({ minLength = 8, devDefault }: { minLength?: number; devDefault?: string } = {}) {
  const base = z.string().min(minLength, `must be at least ${minLength} characters`)
  const schema = devDefault === undefined ? base : base.default(devDefault)
  secretRegistry.add(schema, devDefault === undefined ? { minLength } : { minLength, devDefault })
  return schema
}

/** The secret metadata of `schema`, looking through optional/default/pipe wrappers. */
export function findSecretMeta(schema: z.core.$ZodType): SecretMeta | undefined {
  let current: z.core.$ZodType | undefined = schema
  for (let depth = 0; current !== undefined && depth < 10; depth++) {
    const meta = secretRegistry.get(current)
    if (meta) return meta
    const def: z.core.$ZodTypeDef & { innerType?: z.core.$ZodType; in?: z.core.$ZodType } = current._zod.def
    current = def.innerType ?? def.in
  }
  return undefined
}

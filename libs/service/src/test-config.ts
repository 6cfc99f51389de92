import type { z } from 'zod'
import { loadConfig, type DeepReadonly, type Env } from '@leadflow/config'

/**
 * A service's config for integration tests: the real local infrastructure (as `./leadflow
 * infra up` starts it, or as the environment says), port 0, quiet logs.
 */
export function testConfig<S extends z.ZodObject>(
  schema: S,
  env: Env,
  overrides: Record<string, string> = {},
): DeepReadonly<z.output<S>> {
  return loadConfig(schema, {
    DATABASE_URL: 'postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow',
    ...env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...overrides,
  })
}

import { expect, it } from 'vitest'
import { baseConfigSchema } from './base-config.schema.js'
import { port } from './env-fields.schema.js'
import { loadConfig } from './load-config.js'
import { redactConfig } from './redact-config.js'

it('hides secrets and URL passwords but keeps the rest readable', () => {
  const schema = baseConfigSchema.extend({ PORT: port(8080) })
  const config = loadConfig(schema, {
    DATABASE_URL: 'postgres://app:Xk29vLq8ZpR4mT7w@db:5432/leadflow',
    INTERNAL_API_TOKEN: 'q7V2x9LmP4zR8tKcW1nB6yHd3sJf0aGe',
  })
  const safe = redactConfig(schema, config)
  const text = JSON.stringify(safe)
  expect(text).not.toContain('Xk29vLq8ZpR4mT7w')
  expect(text).not.toContain('q7V2x9LmP4zR8tKcW1nB6yHd3sJf0aGe')
  expect(safe).toMatchObject({
    PORT: 8080,
    INTERNAL_API_TOKEN: '[redacted]',
    DATABASE_URL: 'postgres://app:redacted@db:5432/leadflow',
  })
})

import { describe, expect, it } from 'vitest'
import { baseConfigSchema } from './base-config.schema.js'
import { ConfigError } from './config-error.js'
import { port } from './env-fields.schema.js'
import { loadConfig } from './load-config.js'
import { secret } from './secret.schema.js'

const schema = baseConfigSchema.extend({ PORT: port(8083) })
const devEnv = { DATABASE_URL: 'postgres://leadflow:leadflow@127.0.0.1:5432/leadflow' }
const strongToken = 'q7V2x9LmP4zR8tKcW1nB6yHd3sJf0aGe'
const strongDbUrl = 'postgres://leadflow:Xk29vLq8ZpR4mT7w@db:5432/leadflow'

function configError(run: () => unknown): ConfigError {
  try {
    run()
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected loadConfig to throw a ConfigError')
}

describe('loadConfig', () => {
  it('applies defaults for everything optional', () => {
    const config = loadConfig(schema, devEnv)
    expect(config).toEqual({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      HOST: '0.0.0.0',
      PORT: 8083,
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_OFFSET_RESET: 'earliest',
      DATABASE_URL: devEnv.DATABASE_URL,
      REDIS_URL: 'redis://127.0.0.1:6379',
      INTERNAL_API_TOKEN: 'insecure-dev-internal-api-token',
      SHUTDOWN_TIMEOUT_MS: 10_000,
      LEADFLOW_FAILPOINTS: {},
    })
  })

  it('parses numbers and comma lists, treating empty variables as unset', () => {
    const config = loadConfig(schema, {
      ...devEnv,
      PORT: '9000',
      KAFKA_BROKERS: ' kafka-1:9092, kafka-2:9092 ,,',
      OTEL_EXPORTER_OTLP_ENDPOINT: '',
      SHUTDOWN_TIMEOUT_MS: '2500',
    })
    expect(config.PORT).toBe(9000)
    expect(config.KAFKA_BROKERS).toEqual(['kafka-1:9092', 'kafka-2:9092'])
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined()
    expect(config.SHUTDOWN_TIMEOUT_MS).toBe(2500)
  })

  it('returns a deeply frozen object', () => {
    const config = loadConfig(schema, devEnv)
    expect(() => {
      ;(config as { PORT: number }).PORT = 1
    }).toThrow(TypeError)
    expect(() => {
      ;(config.KAFKA_BROKERS as string[]).push('other:9092')
    }).toThrow(TypeError)
    expect(config.PORT).toBe(8083)
  })

  it('names every missing and invalid variable together, one per line', () => {
    const error = configError(() =>
      loadConfig(schema, {
        NODE_ENV: 'staging',
        PORT: 'eighty',
        KAFKA_BROKERS: 'not a broker',
        REDIS_URL: 'http://cache:6379',
      }),
    )
    const byVariable = Object.fromEntries(error.issues.map((issue) => [issue.variable, issue.reason]))
    expect(byVariable).toEqual({
      NODE_ENV: expect.stringContaining('development') as unknown,
      PORT: 'must be a whole number',
      'KAFKA_BROKERS.0': 'each entry must look like host:port',
      DATABASE_URL: 'is required but not set',
      REDIS_URL: 'must be a URL starting with redis:// or rediss://',
    })
    const lines = error.message.split('\n')
    expect(lines[0]).toBe('Invalid configuration (5 problems):')
    expect(lines.slice(1)).toContain('  DATABASE_URL: is required but not set')
    expect(lines.slice(1)).toContain('  PORT: must be a whole number')
  })

  it('refuses a port out of range', () => {
    const error = configError(() => loadConfig(schema, { ...devEnv, PORT: '70000' }))
    expect(error.issues).toEqual([{ variable: 'PORT', reason: 'must be at most 65535' }])
  })
})

describe('loadConfig in production', () => {
  const prodSchema = schema.extend({ WEBHOOK_SECRET_KEY: secret({ devDefault: 'insecure-dev-webhook-key' }) })
  const prodEnv = {
    NODE_ENV: 'production',
    DATABASE_URL: strongDbUrl,
    INTERNAL_API_TOKEN: strongToken,
    WEBHOOK_SECRET_KEY: 'Jd8s2Lq9XvB4nR7mT1wZ5cK3yH6gP0aF',
  }

  it('accepts strong secrets', () => {
    const config = loadConfig(prodSchema, prodEnv)
    expect(config.INTERNAL_API_TOKEN).toBe(strongToken)
    expect(config.NODE_ENV).toBe('production')
  })

  it.each([
    ['missing (dev default)', undefined, 'is required in production'],
    ['the development default', 'insecure-dev-internal-api-token', 'is the development default'],
    ['a placeholder', 'change-me', 'well-known placeholder'],
    ['insecure- prefixed', 'insecure-but-long-enough-to-pass-the-length-rule', 'placeholder prefix'],
    ['dev- prefixed', 'dev-4f8a9c2e1b7d6a3f5e0c9b8a7d6e5f4a', 'placeholder prefix'],
    ['too short', 'Ab3$xY9!qW2#', 'too short'],
    ['low variety', 'abababababababababababababababababab', 'too little variety'],
  ])('refuses a secret that is %s', (_label, value, reason) => {
    const error = configError(() => loadConfig(prodSchema, { ...prodEnv, INTERNAL_API_TOKEN: value }))
    expect(error.issues).toHaveLength(1)
    expect(error.issues[0]!.variable).toBe('INTERNAL_API_TOKEN')
    expect(error.issues[0]!.reason).toContain(reason)
    if (value) expect(error.message).not.toContain(value)
  })

  it('names every weak secret and the dev database password, without echoing any value', () => {
    const values = {
      INTERNAL_API_TOKEN: 'ChangeMe',
      WEBHOOK_SECRET_KEY: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz',
    }
    const error = configError(() =>
      loadConfig(prodSchema, {
        ...prodEnv,
        ...values,
        DATABASE_URL: 'postgres://leadflow:leadflow@db:5432/leadflow',
      }),
    )
    expect(error.issues.map((issue) => issue.variable).sort()).toEqual([
      'DATABASE_URL',
      'INTERNAL_API_TOKEN',
      'WEBHOOK_SECRET_KEY',
    ])
    expect(error.message).not.toContain(values.WEBHOOK_SECRET_KEY)
    expect(error.message.toLowerCase()).not.toContain('changeme')
    expect(error.message).not.toContain('leadflow:leadflow')
  })

  it('reports weak secrets alongside ordinary validation errors', () => {
    const error = configError(() =>
      loadConfig(prodSchema, { ...prodEnv, PORT: 'abc', INTERNAL_API_TOKEN: 'changeme' }),
    )
    expect(error.issues.map((issue) => issue.variable).sort()).toEqual(['INTERNAL_API_TOKEN', 'PORT'])
  })

  it('keeps the secret out of the message when the secret is too short even for development', () => {
    const tooShort = 's3cr3tX'
    const error = configError(() => loadConfig(schema, { ...devEnv, INTERNAL_API_TOKEN: tooShort }))
    expect(error.issues).toEqual([
      { variable: 'INTERNAL_API_TOKEN', reason: 'must be at least 16 characters' },
    ])
    expect(error.message).not.toContain(tooShort)
  })
})

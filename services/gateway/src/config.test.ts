import { ConfigError, loadConfig } from '@leadflow/config'
import { describe, expect, it } from 'vitest'
import { configSchema } from './config.js'

const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgresql://gateway:Zq8-strong-db-pass-41x@db:5432/leadflow',
  INTERNAL_API_TOKEN: 'k3J9-internal-service-token-value-7Hq2xW',
  JWT_SECRET: 'p7Vb-jwt-signing-secret-for-production-Qz3',
}

function issues(env: Record<string, string>): string[] {
  try {
    loadConfig(configSchema, env)
    return []
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    return err.issues.map((issue) => issue.variable)
  }
}

describe('gateway configuration', () => {
  it('has safe defaults in development: no CORS origin, no trusted proxy, 15 min access tokens', () => {
    const config = loadConfig(configSchema, {
      DATABASE_URL: 'postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow',
    })
    expect(config.CORS_ORIGINS).toEqual([])
    expect(config.TRUSTED_PROXIES).toEqual([])
    expect(config.ACCESS_TOKEN_TTL_SEC).toBe(900)
    expect(config.REFRESH_TOKEN_TTL_SEC).toBe(30 * 86_400)
  })

  it('requires the bootstrap admin in production', () => {
    expect(issues(production)).toEqual(
      expect.arrayContaining(['BOOTSTRAP_ADMIN_EMAIL', 'BOOTSTRAP_ADMIN_PASSWORD']),
    )
  })

  it('refuses a weak bootstrap password and the development JWT secret in production', () => {
    const env = {
      ...production,
      BOOTSTRAP_ADMIN_EMAIL: 'ops@example.com',
      BOOTSTRAP_ADMIN_PASSWORD: 'password',
    }
    expect(issues(env)).toEqual(['BOOTSTRAP_ADMIN_PASSWORD'])
    const { JWT_SECRET: _unused, ...withoutSecret } = env
    expect(issues({ ...withoutSecret, BOOTSTRAP_ADMIN_PASSWORD: 'Str0ng-admin-passphrase' })).toEqual([
      'JWT_SECRET',
    ])
  })

  it('accepts a complete production configuration', () => {
    expect(
      issues({
        ...production,
        BOOTSTRAP_ADMIN_EMAIL: 'ops@example.com',
        BOOTSTRAP_ADMIN_PASSWORD: 'Str0ng-admin-passphrase',
      }),
    ).toEqual([])
  })
})

import { baseConfigSchema, integer, port, secret, urlWithProtocol } from '@leadflow/config'
import { z } from 'zod'

/** An optional comma-separated list (empty or unset = no entries). */
const optionalList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  )

export const configSchema = baseConfigSchema
  .extend({
    PORT: port(8080),
    /** The consumer group that keeps the lead list's read model (from leads.lead.changed.v1). */
    GROUP_ID: z.string().min(1).default('gateway'),
    /** Signs access tokens (HS256). */
    JWT_SECRET: secret({ minLength: 32, devDefault: 'insecure-dev-jwt-secret-0123456789abcdef' }),
    JWT_ISSUER: z.string().min(1).default('leadflow-gateway'),
    JWT_AUDIENCE: z.string().min(1).default('leadflow-api'),
    ACCESS_TOKEN_TTL_SEC: integer({ min: 60, max: 86_400 }).default(900),
    REFRESH_TOKEN_TTL_SEC: integer({ min: 300, max: 365 * 86_400 }).default(30 * 86_400),
    /** Access tokens with less than this left carry `X-Token-Near-Expiry: true`. */
    TOKEN_NEAR_EXPIRY_SEC: integer({ min: 0, max: 3_600 }).default(120),
    BOOTSTRAP_ADMIN_EMAIL: z.email().optional(),
    BOOTSTRAP_ADMIN_PASSWORD: z.string().min(1).optional(),
    /** Browser origins allowed by CORS; nothing by default. */
    CORS_ORIGINS: optionalList,
    /** Peers allowed to set X-Forwarded-For (IPs or CIDRs); none by default. */
    TRUSTED_PROXIES: optionalList,
    BODY_LIMIT_BYTES: integer({ min: 1024, max: 10 * 1024 * 1024 }).default(256 * 1024),
    RATE_LIMIT_WINDOW_SEC: integer({ min: 1, max: 3_600 }).default(60),
    RATE_LIMIT_ANONYMOUS: integer({ min: 1, max: 1_000_000 }).default(60),
    RATE_LIMIT_AUTHENTICATED: integer({ min: 1, max: 1_000_000 }).default(1_200),
    RATE_LIMIT_LOGIN: integer({ min: 1, max: 1_000_000 }).default(20),
    RATE_LIMIT_SUBMISSION: integer({ min: 1, max: 1_000_000 }).default(120),
    /** Failed logins before an account or an IP is locked out. */
    LOGIN_MAX_FAILURES: integer({ min: 1, max: 1_000 }).default(5),
    LOGIN_IP_MAX_FAILURES: integer({ min: 1, max: 100_000 }).default(50),
    /** First lockout; each further lockout doubles it, up to the maximum. */
    LOGIN_LOCKOUT_BASE_SEC: integer({ min: 1, max: 86_400 }).default(30),
    LOGIN_LOCKOUT_MAX_SEC: integer({ min: 1, max: 7 * 86_400 }).default(3_600),
    /** Scrypt cost (N = 2^cost). */
    PASSWORD_SCRYPT_COST: integer({ min: 10, max: 20 }).default(15),
    CONTACTS_URL: urlWithProtocol(['http', 'https']).default('http://127.0.0.1:8082'),
    LEAD_ROUTER_URL: urlWithProtocol(['http', 'https']).default('http://127.0.0.1:8083'),
    WEBHOOK_INGEST_URL: urlWithProtocol(['http', 'https']).default('http://127.0.0.1:8081'),
    MAILER_URL: urlWithProtocol(['http', 'https']).default('http://127.0.0.1:8084'),
    IMAP_POLLER_URL: urlWithProtocol(['http', 'https']).default('http://127.0.0.1:8085'),
  })
  .superRefine((config, ctx) => {
    if (config.NODE_ENV !== 'production') return
    if (!config.BOOTSTRAP_ADMIN_EMAIL || !config.BOOTSTRAP_ADMIN_PASSWORD) {
      for (const path of ['BOOTSTRAP_ADMIN_EMAIL', 'BOOTSTRAP_ADMIN_PASSWORD'])
        ctx.addIssue({ code: 'custom', path: [path], message: 'required in production' })
    } else if (passwordWeakness(config.BOOTSTRAP_ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: ['BOOTSTRAP_ADMIN_PASSWORD'],
        message: 'too weak: at least 12 characters with letters and digits',
      })
    }
  })

/** Why a password is too weak to accept, or null. */
export function passwordWeakness(password: string): string | null {
  if (password.length < 12) return 'at least 12 characters'
  if (!/[a-zA-Z]/.test(password) || !/\d/.test(password)) return 'letters and digits'
  if (new Set(password).size < 6) return 'at least 6 distinct characters'
  return null
}

export type Config = z.output<typeof configSchema>

import { baseConfigSchema, integer, port, secret } from '@leadflow/config'
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

export const configSchema = baseConfigSchema.extend({
  PORT: port(8081),
  GROUP_ID: z.string().min(1).default('webhook-ingest'),
  /** Seals provider secrets at rest. */
  DATA_ENCRYPTION_KEY: secret({ minLength: 16, devDefault: 'insecure-dev-data-encryption-key' }),
  /** Earlier keys, comma-separated, still accepted for decryption while secrets are re-sealed. */
  DATA_ENCRYPTION_KEY_PREVIOUS: optionalList,
  WEBHOOK_BODY_LIMIT_BYTES: integer({ min: 1024, max: 10 * 1024 * 1024 }).default(65536),
  WEBHOOK_RATE_LIMIT_PER_MIN: integer({ min: 1, max: 1_000_000 }).default(200),
  WEBHOOK_SIGNATURE_TOLERANCE_SEC: integer({ min: 1, max: 86_400 }).default(300),
  /** Peers allowed to set X-Forwarded-For / X-Real-IP for every provider (IPs or CIDRs). */
  TRUSTED_PROXIES: optionalList,
  /** How long provider settings are cached in memory; changes take effect within this time. */
  PROVIDER_SETTINGS_CACHE_MS: integer({ min: 0, max: 600_000 }).default(5000),
})

export type Config = z.output<typeof configSchema>

import { baseConfigSchema, integer, port } from '@leadflow/config'
import { z } from 'zod'

export const configSchema = baseConfigSchema.extend({
  PORT: port(8082),
  /**
   * ISO 3166 region used for phone numbers written without a country code (`(415) 555-2671`).
   * Unset by default: such numbers are then kept raw with `phoneValid: false`, never guessed.
   * A resolve request may pass its own `defaultRegion`.
   */
  DEFAULT_PHONE_REGION: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'a two-letter ISO 3166 region such as US or RU')
    .transform((value) => value.toUpperCase())
    .optional(),
  /** Rows per batch of the re-normalisation backfill. */
  RENORMALIZE_BATCH_SIZE: integer({ min: 1, max: 10_000 }).default(500),
})

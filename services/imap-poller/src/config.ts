import { baseConfigSchema, commaList, integer, port, secret } from '@leadflow/config'
import { z } from 'zod'

export const configSchema = baseConfigSchema.extend({
  PORT: port(8085),
  /** Seals mailbox passwords and OAuth2 tokens at rest. */
  DATA_ENCRYPTION_KEY: secret({ minLength: 16, devDefault: 'insecure-dev-data-encryption-key' }),
  /** Earlier keys still accepted for decryption while secrets are re-encrypted. */
  DATA_ENCRYPTION_KEY_PREVIOUS: commaList().optional(),
  /** How often a mailbox is polled when IDLE brings no news. */
  IMAP_POLL_INTERVAL_MS: integer({ min: 50, max: 3_600_000 }).default(30_000),
  /** How often the list of enabled mailboxes is re-read. */
  IMAP_MAILBOX_REFRESH_MS: integer({ min: 50, max: 3_600_000 }).default(10_000),
  /** A replica holds a mailbox for this long unless it renews its lease. */
  IMAP_LEASE_TTL_MS: integer({ min: 500, max: 600_000 }).default(30_000),
  /** Reconnect backoff after a failed session: doubles from the initial value up to the cap. */
  IMAP_RECONNECT_INITIAL_MS: integer({ min: 10, max: 600_000 }).default(1_000),
  IMAP_RECONNECT_MAX_MS: integer({ min: 10, max: 3_600_000 }).default(300_000),
  /** Connection and greeting timeout of one IMAP session. */
  IMAP_CONNECT_TIMEOUT_MS: integer({ min: 100, max: 600_000 }).default(30_000),
  /** Alert mails per mailbox and error type per hour; the rest only count in metrics. */
  IMAP_ALERTS_PER_HOUR: integer({ min: 0, max: 1000 }).default(3),
  /** Name of this replica in mailbox leases (default: host name and process id). */
  INSTANCE_ID: z.string().min(1).max(200).optional(),
})

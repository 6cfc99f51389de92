import { baseConfigSchema, integer, port, urlWithProtocol } from '@leadflow/config'
import { z } from 'zod'

export const configSchema = baseConfigSchema.extend({
  PORT: port(8083),
  /** The consumer group of the inbound-event consumer. */
  GROUP_ID: z.string().min(1).default('lead-router'),
  /**
   * Partitions of the inbound topics handled at the same time by this replica (each still in
   * order): one batch's contact look-ups go on while another batch writes. Each holds one of the
   * 10 database connections for its transaction, so at most 4 (more replicas scale further).
   */
  PARTITIONS_CONCURRENTLY: integer({ min: 1, max: 4 }).default(3),
  /** contacts' internal API, used to resolve the person behind a touch. */
  CONTACTS_URL: urlWithProtocol(['http', 'https']).default('http://127.0.0.1:8082'),
  /** Upper bound of the wait between two resolve attempts while contacts is down. */
  CONTACTS_RETRY_MAX_MS: integer({ min: 10, max: 300_000 }).default(30_000),
  /** Region for phone numbers written without a country code. */
  DEFAULT_PHONE_REGION: z.string().length(2).optional(),
  /** First-response SLA of a source that has none configured. */
  DEFAULT_SLA_MINUTES: integer({ min: 1, max: 525_600 }).default(240),
  /** A touch from a contact with an open lead touched within this window joins that lead. */
  DEFAULT_ATTACH_WINDOW_MINUTES: integer({ min: 0, max: 525_600 }).default(1440),
  /** How often the SLA loop looks for lapsed timers. */
  SLA_TICK_MS: integer({ min: 10, max: 3_600_000 }).default(5_000),
  /** How long a replica holds a claimed timer before another may take it over. */
  SLA_CLAIM_SECONDS: integer({ min: 1, max: 3_600 }).default(60),
  /** How often the outbox relay polls when nobody wakes it. */
  OUTBOX_POLL_MS: integer({ min: 10, max: 60_000 }).default(1_000),
})

export type LeadRouterConfig = z.output<typeof configSchema>

import { baseConfigSchema, integer, port, secret, urlWithProtocol } from '@leadflow/config'
import { z } from 'zod'

export const configSchema = baseConfigSchema.extend({
  PORT: port(8084),
  GROUP_ID: z.string().min(1).default('mailer'),
  /** The gateway's internal API, for user e-mail addresses. */
  USERS_URL: urlWithProtocol(['http', 'https']).default('http://127.0.0.1:8080'),
  /** contacts' internal API, for campaign audiences built from contact filters. */
  CONTACTS_URL: urlWithProtocol(['http', 'https']).default('http://127.0.0.1:8082'),
  /** lead-router's internal API, for campaign audiences built from lead filters. */
  LEAD_ROUTER_URL: urlWithProtocol(['http', 'https']).default('http://127.0.0.1:8083'),
  /** Development default account, e.g. `smtp://user:pass@127.0.0.1:1025`; unset = no env account. */
  SMTP_URL: urlWithProtocol(['smtp', 'smtps']).optional(),
  MAIL_FROM: z.string().min(3).default('Leadflow <no-reply@leadflow.localhost>'),
  SMTP_TIMEOUT_MS: integer({ min: 100, max: 300_000 }).default(30_000),
  MAIL_RETRY_ATTEMPTS: integer({ min: 1, max: 10 }).default(3),
  MAIL_RETRY_BASE_MS: integer({ min: 0, max: 60_000 }).default(2_000),
  OAUTH_TIMEOUT_MS: integer({ min: 100, max: 60_000 }).default(10_000),
  DATA_ENCRYPTION_KEY: secret({ minLength: 16, devDefault: 'insecure-dev-data-encryption-key' }),
  UNSUBSCRIBE_SECRET: secret({ minLength: 16, devDefault: 'insecure-dev-unsubscribe-secret' }),
  /** Where recipients reach the public unsubscribe and confirmation pages. */
  PUBLIC_BASE_URL: urlWithProtocol(['http', 'https']).default('http://127.0.0.1:8084'),
  /** Mailbox named in `List-Unsubscribe: <mailto:…>`. */
  UNSUBSCRIBE_MAILTO: z.string().min(3).default('unsubscribe@leadflow.localhost'),
  CAMPAIGN_TICK_MS: integer({ min: 10, max: 600_000 }).default(5_000),
  CAMPAIGN_BATCH_SIZE: integer({ min: 1, max: 1_000 }).default(20),
  /** A recipient claimed longer ago than this (a crashed sender) is sent again. */
  CAMPAIGN_CLAIM_STALE_MS: integer({ min: 1_000, max: 86_400_000 }).default(600_000),
})

export type MailerConfig = z.output<typeof configSchema>

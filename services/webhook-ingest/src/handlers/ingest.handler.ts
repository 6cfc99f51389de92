import type { AppError } from '@leadflow/http'
import type { OutboxRelay } from '@leadflow/outbox'
import { clientIp } from '../domain/ip-allowlist.js'
import { InvalidWebhookError, type ParsedWebhook } from '../domain/parsed-webhook.js'
import { webhookErrors } from '../errors.js'
import type { PrismaClient } from '../generated/prisma/client.js'
import type { ActiveSettings, SettingsCache } from '../settings/provider-settings.js'
import type { InsertBatcher } from './insert-batcher.js'
import type { RedisGuards } from './redis-guards.js'
import { storeWebhook } from './webhook-store.js'

export type Verdict =
  | 'accepted'
  | 'duplicate'
  | 'bad_signature'
  | 'ip_denied'
  | 'rate_limited'
  | 'invalid'
  | 'unavailable'
  | 'unknown_provider'

export interface IngestMetrics {
  webhooks: { inc(labels: { provider: string; verdict: Verdict }): void }
  ackSeconds: { startTimer(labels: { provider: string }): () => number }
}

interface RequestLog {
  debug(fields: object, msg: string): void
  warn(fields: object, msg: string): void
}

export interface IngestDeps {
  db: PrismaClient
  batcher: InsertBatcher
  settings: SettingsCache
  guards: RedisGuards
  relay: Pick<OutboxRelay, 'wake'>
  metrics: IngestMetrics
  defaultRateLimitPerMin: number
}

/** What a route hands over: the request as received, and how this provider verifies and reads it. */
export interface WebhookRequest {
  provider: string
  /** Metric label (bounded: `inbound` for every Standard Webhooks sender). */
  label: string
  peer: string
  forwardedFor: string | undefined
  realIp: string | undefined
  rawBody: Buffer
  contentType: string
  headers: Record<string, string>
  log: RequestLog
  /** Throws the 401 AppError when the signature (or token) does not verify. */
  verify(settings: ActiveSettings): void
  /** Reads the verified body; throws InvalidWebhookError when it cannot be understood. */
  parse(settings: ActiveSettings, receivedAt: Date): ParsedWebhook
}

const verdictOf: Record<string, Verdict> = {
  not_found: 'unknown_provider',
  bad_signature: 'bad_signature',
  ip_denied: 'ip_denied',
  rate_limited: 'rate_limited',
  invalid_webhook: 'invalid',
  unavailable: 'unavailable',
}

async function admit(
  deps: IngestDeps,
  req: WebhookRequest,
): Promise<{ settings: ActiveSettings; ip: string }> {
  let settings: ActiveSettings | null
  try {
    settings = await deps.settings.get(req.provider)
  } catch (err) {
    throw webhookErrors.unavailable(err)
  }
  if (!settings) throw webhookErrors.unknownProvider()
  const ip = clientIp(
    req.peer,
    { forwardedFor: req.forwardedFor, realIp: req.realIp },
    settings.trustedProxies,
  )
  if (!settings.anyIp && !settings.allowedIps.matches(ip)) {
    req.log.warn({ provider: req.provider, clientIp: ip }, 'webhook from a source address not allowed')
    throw webhookErrors.ipDenied()
  }
  const limit = settings.rateLimitPerMin ?? deps.defaultRateLimitPerMin
  const rate = await deps.guards.rateLimit(req.provider, ip, limit)
  if (!rate.allowed) throw webhookErrors.rateLimited(rate.retryAfterSec)
  return { settings, ip }
}

async function accept(deps: IngestDeps, req: WebhookRequest): Promise<'accepted' | 'duplicate'> {
  const { settings, ip } = await admit(deps, req)
  req.verify(settings)
  const receivedAt = new Date()
  let parsed: ParsedWebhook
  try {
    parsed = req.parse(settings, receivedAt)
  } catch (err) {
    if (err instanceof InvalidWebhookError) throw webhookErrors.invalid(err.message)
    throw err
  }
  let outcome
  try {
    outcome = await storeWebhook(deps.db, deps.batcher, {
      provider: req.provider,
      parsed,
      rawBody: req.rawBody,
      contentType: req.contentType,
      headers: req.headers,
      clientIp: ip,
      receivedAt,
    })
  } catch (err) {
    throw webhookErrors.unavailable(err)
  }
  // Only now is the event durable (a duplicate's original too): wake the relay and answer.
  if (outcome === 'accepted') deps.relay.wake()
  req.log.debug({ provider: req.provider, eventId: parsed.eventId, outcome }, 'webhook stored')
  return outcome
}

/**
 * The ingest pipeline every provider shares: enabled? → source address → rate limit →
 * signature → parse → store with its outbox row, deduplicated by the unique key in the same
 * statement → answer. Counts each verdict.
 */
export async function ingestWebhook(
  deps: IngestDeps,
  req: WebhookRequest,
): Promise<'accepted' | 'duplicate'> {
  const stopTimer = deps.metrics.ackSeconds.startTimer({ provider: req.label })
  try {
    const outcome = await accept(deps, req)
    deps.metrics.webhooks.inc({ provider: req.label, verdict: outcome })
    stopTimer()
    return outcome
  } catch (err) {
    const code = (err as AppError | undefined)?.code ?? ''
    deps.metrics.webhooks.inc({ provider: req.label, verdict: verdictOf[code] ?? 'unavailable' })
    throw err
  }
}

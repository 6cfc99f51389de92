import type { OutboxMessageData } from '@leadflow/outbox'
import type { InsertBatcher } from './insert-batcher.js'
import type { IncomingWebhook } from './webhook-store.js'

/** Inserts a webhook and its outbox row atomically; false when the event id was already stored. */
export function insertWebhook(
  batcher: InsertBatcher,
  webhook: IncomingWebhook,
  encoded: { type: string; message: OutboxMessageData } | null,
  callerE164: string | null,
): Promise<boolean> {
  const { parsed } = webhook
  return batcher.insert({
    provider: webhook.provider,
    eventId: parsed.eventId,
    eventType: parsed.eventType,
    status: encoded ? 'accepted' : 'ignored',
    reason: encoded ? null : (parsed.reason ?? 'nothing to emit'),
    callId: parsed.callId,
    callerE164,
    rawBody: webhook.rawBody,
    contentType: webhook.contentType,
    headers: JSON.stringify(webhook.headers),
    clientIp: webhook.clientIp,
    receivedAt: webhook.receivedAt.toISOString(),
    emittedType: encoded?.type ?? null,
    emittedTopic: encoded?.message.topic ?? null,
    emittedKey: encoded?.message.key ?? null,
    emittedValue: encoded?.message.value ?? null,
    emittedHeaders: encoded ? JSON.stringify(encoded.message.headers) : null,
  })
}

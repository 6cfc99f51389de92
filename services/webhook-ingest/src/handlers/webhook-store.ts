import {
  callReceivedV1,
  createAvroType,
  leadSubmittedV1,
  paymentReceivedV1,
  type CallReceivedV1,
} from '@leadflow/contracts'
import { outboxMessage, type OutboxMessageData } from '@leadflow/outbox'
import type { Emission, ParsedWebhook, PendingCall } from '../domain/parsed-webhook.js'
import type { Prisma, PrismaClient } from '../generated/prisma/client.js'
import type { InsertBatcher } from './insert-batcher.js'
import { insertWebhook } from './webhook-row.js'

export interface IncomingWebhook {
  provider: string
  parsed: ParsedWebhook
  rawBody: Buffer
  contentType: string
  headers: Record<string, string>
  clientIp: string
  receivedAt: Date
}

export type StoreOutcome = 'accepted' | 'duplicate'

type Tx = Prisma.TransactionClient
const callType = createAvroType(callReceivedV1.schema)

function encode(emission: Emission): { type: string; message: OutboxMessageData } {
  switch (emission.kind) {
    case 'call':
      return { type: callReceivedV1.type, message: outboxMessage(callReceivedV1, emission.event) }
    case 'payment':
      return { type: paymentReceivedV1.type, message: outboxMessage(paymentReceivedV1, emission.event) }
    case 'lead':
      return { type: leadSubmittedV1.type, message: outboxMessage(leadSubmittedV1, emission.event) }
  }
}

/** Completes a recording notice from the earlier CallReceived of the same call, if there is one. */
async function resolvePending(tx: Tx, provider: string, pending: PendingCall): Promise<Emission | null> {
  const earlier = await tx.webhookEvent.findFirst({
    where: {
      provider,
      callId: pending.callId,
      emittedType: callReceivedV1.type,
      emittedValue: { not: null },
    },
    orderBy: { receivedAt: 'asc' },
    select: { emittedValue: true },
  })
  if (!earlier?.emittedValue) return null
  const call = callType.fromBuffer(Buffer.from(earlier.emittedValue)) as CallReceivedV1
  return { kind: 'call', event: { ...call, ...pending.patch } }
}

export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return code === 'P2002' || code === '23505'
}

/**
 * Stores a webhook and the event it becomes in one transaction: the webhook_events row (unique
 * per provider and event id) and the outbox row the relay publishes. A second delivery of the
 * same event hits the unique key and is counted as a duplicate; nothing is emitted for it.
 * Most webhooks go through the group-commit batcher; a recording notice that needs the earlier
 * event of its call is stored in a transaction of its own.
 */
export async function storeWebhook(
  db: PrismaClient,
  batcher: InsertBatcher,
  webhook: IncomingWebhook,
): Promise<StoreOutcome> {
  const { provider, parsed } = webhook
  const emission = parsed.emission
  if (emission?.kind !== 'call-by-id') {
    const callerE164 = emission?.kind === 'call' ? emission.event.callerE164 : null
    const inserted = await insertWebhook(batcher, webhook, emission ? encode(emission) : null, callerE164)
    return inserted ? 'accepted' : 'duplicate'
  }
  try {
    await db.$transaction(async (tx) => {
      const pending = parsed.emission
      const emission = pending?.kind === 'call-by-id' ? await resolvePending(tx, provider, pending) : pending
      const encoded = emission ? encode(emission) : null
      const callerE164 = emission?.kind === 'call' ? emission.event.callerE164 : null
      await tx.webhookEvent.create({
        data: {
          provider,
          eventId: parsed.eventId,
          eventType: parsed.eventType,
          status: encoded ? 'accepted' : 'ignored',
          reason: encoded ? null : (parsed.reason ?? 'no earlier event of this call'),
          callId: parsed.callId,
          callerE164,
          rawBody: new Uint8Array(webhook.rawBody),
          contentType: webhook.contentType,
          headers: webhook.headers,
          clientIp: webhook.clientIp,
          receivedAt: webhook.receivedAt,
          emittedType: encoded?.type ?? null,
          emittedTopic: encoded?.message.topic ?? null,
          emittedKey: encoded?.message.key ?? null,
          emittedValue: encoded?.message.value ?? null,
          emittedHeaders: encoded?.message.headers ?? undefined,
        },
      })
      if (encoded) await tx.outboxMessage.create({ data: encoded.message })
    })
    return 'accepted'
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    await db.webhookEvent
      .updateMany({
        where: { provider, eventId: parsed.eventId },
        data: { duplicates: { increment: 1 }, lastDuplicateAt: webhook.receivedAt },
      })
      .catch(() => undefined)
    return 'duplicate'
  }
}

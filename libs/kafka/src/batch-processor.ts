import type { Batch, KafkaMessage } from 'kafkajs'
import type { BatchItem, BatchSubscription } from './batch-subscription.js'
import type { ConsumerMetrics } from './consumer-metrics.js'
import { EventHeader } from './event-headers.js'
import type { KafkaLogger } from './kafka-logger.js'
import type { MessageProcessor, Outcome } from './message-processor.js'

export interface ChunkDeps {
  readonly processor: MessageProcessor
  readonly metrics: ConsumerMetrics
  readonly log: KafkaLogger
  readonly stopping: AbortSignal
}

/**
 * Hands `messages` (consecutive, from one partition) to the batch handler at once. Messages
 * that cannot be decoded are dead-lettered first; when the handler fails, every message is
 * handled on its own (retries, backoff, dead-lettering), so one poison message does not hold
 * back or take down the others. Calls `resolve` with each offset whose message is done, in
 * order; 'abandoned' when the consumer is stopping and the rest is left for redelivery.
 */
export async function processChunk(
  deps: ChunkDeps,
  subscription: BatchSubscription,
  batch: Batch,
  messages: readonly KafkaMessage[],
  heartbeat: () => Promise<void>,
  resolve: (offset: string) => void,
): Promise<Outcome> {
  const { processor, metrics, stopping } = deps
  const first = messages[0]
  const last = messages[messages.length - 1]
  if (!first || !last) return 'ok'
  const items: BatchItem<unknown>[] = []
  const deadLettered = new Set<string>()
  for (const message of messages) {
    const read = processor.read(batch, message, heartbeat)
    try {
      const event = subscription.reader.read(message.value, read.headers[EventHeader.schemaFingerprint])
      items.push({ event, ctx: read.context(1) })
    } catch (err) {
      await processor.deadLetter(batch, read, err, 0)
      deadLettered.add(message.offset)
    }
  }

  const log = deps.log.child({
    topic: batch.topic,
    partition: batch.partition,
    firstOffset: first.offset,
    lastOffset: last.offset,
  })
  const firstHeaders = items[0]?.ctx.headers ?? {}
  const attributes = {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.destination.name': batch.topic,
    'messaging.destination.partition.id': String(batch.partition),
    'messaging.kafka.offset': Number(first.offset),
    'messaging.batch.message_count': items.length,
  }
  const result =
    items.length === 0
      ? { ok: true as const }
      : await processor.traced(`process ${batch.topic}`, attributes, firstHeaders, heartbeat, () =>
          subscription.handleBatch(items, {
            log,
            topic: batch.topic,
            partition: batch.partition,
            firstOffset: first.offset,
            lastOffset: last.offset,
            heartbeat,
            signal: stopping,
          }),
        )
  if (result.ok) {
    for (let i = 0; i < items.length; i++) metrics.count(batch.topic, 'ok')
    resolve(last.offset)
    return 'ok'
  }
  if (stopping.aborted) {
    log.warn({ err: result.error }, 'batch failed while stopping; messages left for redelivery')
    return 'abandoned'
  }
  log.warn({ err: result.error, messages: items.length }, 'batch failed; handling its messages one at a time')
  metrics.batchFallback(batch.topic)
  for (const message of messages) {
    if (!deadLettered.has(message.offset)) {
      const outcome = await processor.processMessage(subscription, batch, message, heartbeat)
      if (outcome === 'abandoned') return 'abandoned'
    }
    resolve(message.offset)
  }
  return 'ok'
}

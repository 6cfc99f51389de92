import type { Contract } from '@leadflow/contracts'
import { createEventReader } from './avro-serde.js'
import type { KafkaLogger } from './kafka-logger.js'
import type { EventHandler, MessageContext, Subscription } from './subscription.js'

/** One decoded message of a batch, with the same context a per-message handler gets. */
export interface BatchItem<T> {
  readonly event: T
  readonly ctx: MessageContext
}

/** What a batch handler gets besides its messages (all from one topic partition, in offset order). */
export interface BatchContext {
  /** Child logger bound to topic, partition and the batch's offset range. */
  readonly log: KafkaLogger
  readonly topic: string
  readonly partition: number
  readonly firstOffset: string
  readonly lastOffset: string
  /** Keeps the consumer's group membership alive during long work (also done automatically). */
  heartbeat(): Promise<void>
  /** Aborted when the consumer is stopping; the batch is then left uncommitted and delivered again. */
  readonly signal: AbortSignal
}

export type BatchHandler<T> = (items: readonly BatchItem<T>[], ctx: BatchContext) => Promise<void>

export interface BatchOptions<T> {
  /**
   * Handles a single message when a batch failed and its messages are retried one at a time
   * (so a poison message is dead-lettered alone). Default: the batch handler with one item.
   */
  readonly each?: EventHandler<T>
  /** Most messages handed over at once (default 500). */
  readonly maxBatchSize?: number
}

/** A subscription whose handler takes many messages of one partition at once. */
export interface BatchSubscription extends Subscription {
  readonly maxBatchSize: number
  handleBatch(items: readonly BatchItem<unknown>[], ctx: BatchContext): Promise<void>
}

export function isBatchSubscription(subscription: Subscription): subscription is BatchSubscription {
  return 'handleBatch' in subscription
}

/**
 * Subscribes `handler` to the events of `contract`, many at a time. The consumer commits the
 * batch's offsets only after the handler resolved, so its effects must be durable by then
 * (one transaction per batch) and idempotent (a redelivered batch changes nothing). When the
 * handler throws, the batch's messages are handled one at a time, with the usual retries and
 * dead-lettering.
 */
export function onBatch<T>(
  contract: Contract<T>,
  handler: BatchHandler<T>,
  options: BatchOptions<T> = {},
): BatchSubscription {
  const maxBatchSize = options.maxBatchSize ?? 500
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) {
    throw new RangeError('maxBatchSize must be an integer >= 1')
  }
  const each = options.each
  return {
    topic: contract.topic,
    eventType: contract.type,
    reader: createEventReader(contract),
    maxBatchSize,
    // The reader decodes with this contract's schema, so every value is a T.
    handleBatch: async (items, ctx) => handler(items as readonly BatchItem<T>[], ctx),
    handle: async (event, ctx) => {
      if (each) return each(event as T, ctx)
      return handler([{ event: event as T, ctx }], {
        log: ctx.log,
        topic: ctx.topic,
        partition: ctx.partition,
        firstOffset: ctx.offset,
        lastOffset: ctx.offset,
        heartbeat: () => ctx.heartbeat(),
        signal: ctx.signal,
      })
    },
  }
}

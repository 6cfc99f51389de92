export { outboxMessage } from './outbox-message.js'
export type { OutboxMessageData } from './outbox-message.js'
export { createOutboxRelay } from './outbox-relay.js'
export type { OutboxDb, OutboxRelay, OutboxRelayOptions, OutboxTx } from './outbox-relay.js'

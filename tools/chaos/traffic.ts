import type { HttpRequest, Targets } from '../src/simulate/delivery.js'
import { inboundRequest } from '../src/simulate/inbound.js'
import type { Random } from '../src/simulate/random.js'
import { zadarmaRequest, zadarmaTimestamp } from '../src/simulate/zadarma.js'

/** The Standard Webhooks sender the campaign posts to (/webhooks/inbound/chaos). */
export const inboundSource = 'chaos'

/**
 * One inbound call from a caller nobody else calls from, so it must become exactly one lead.
 * `id` is the CallReceived event id webhook-ingest derives (provider + provider event id),
 * which lead-router keeps as the lead's source event id.
 */
export interface CallEvent {
  index: number
  id: string
  provider: 'zadarma' | 'inbound'
  phone: string
  /** Sent again later with a new timestamp and signature, as providers retry. */
  redelivered: boolean
  /** First delivered as two simultaneous requests, one to each ingest replica. */
  pair: boolean
  /** A signed request for delivery number `attempt` (0 = the first), at `nowMs`. */
  request(targets: Targets, attempt: number, nowMs: number): HttpRequest
}

/** A German mobile number per event: valid E.164, distinct for up to ten million events. */
export const callerOf = (index: number): string => `+4915${110_000_000 + index}`

export function planEvents(r: Random, count: number): CallEvent[] {
  const events: CallEvent[] = []
  const startMs = Date.now()
  for (let index = 0; index < count; index++) {
    const phone = callerOf(index)
    const redelivered = r.chance(0.15)
    const pair = r.chance(0.05)
    if (r.chance(0.5)) {
      const pbxCallId = `in_${r.hex(32)}`
      const calledDid = r.pick(['74951234567', '4930901820', '442071838750'])
      events.push({
        index,
        id: `zadarma:${pbxCallId}:NOTIFY_START`,
        provider: 'zadarma',
        phone,
        redelivered,
        pair,
        // Zadarma signs the fields, not a time: a later delivery reports the call a second later,
        // so it carries a new signature while naming the same call and event.
        request: (targets, attempt) =>
          zadarmaRequest(targets, 'NOTIFY_START', {
            call_start: zadarmaTimestamp(startMs + attempt * 1000),
            pbx_call_id: pbxCallId,
            caller_id: phone.slice(1),
            called_did: calledDid,
          }),
      })
    } else {
      const webhookId = `msg_${r.hex(26)}`
      const body = {
        type: 'call.received',
        data: { caller: phone, callee: '+4930901820', callId: `ct_${r.hex(16)}`, direction: 'inbound' },
      }
      events.push({
        index,
        id: `inbound:${inboundSource}:${webhookId}`,
        provider: 'inbound',
        phone,
        redelivered,
        pair,
        request: (targets, _attempt, nowMs) => inboundRequest(targets, webhookId, body, nowMs),
      })
    }
  }
  return events
}

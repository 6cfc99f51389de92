import type { CallReceivedV1 } from '@leadflow/contracts'
import { providerPhone } from './provider-phone.js'
import { InvalidWebhookError, wholeNumber, type ParseContext, type ParsedWebhook } from './parsed-webhook.js'
import type { ZadarmaEvent } from './zadarma-signature.js'

const outbound = new Set<ZadarmaEvent>(['NOTIFY_OUT_START', 'NOTIFY_OUT_END'])

/** Zadarma's `YYYY-MM-DD HH:MM:SS`, read as UTC. */
export function zadarmaTime(value: string | undefined): Date | undefined {
  const match = value ? /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(value.trim()) : null
  if (!match) return undefined
  const date = new Date(`${match[1]}T${match[2]}Z`)
  return Number.isNaN(date.getTime()) || !date.toISOString().startsWith(match[1] ?? '') ? undefined : date
}

/** A verified Zadarma notification as a CallReceived (or a recording of an earlier call). */
export function parseZadarma(
  event: ZadarmaEvent,
  fields: Readonly<Record<string, string>>,
  ctx: ParseContext,
): ParsedWebhook {
  const pbxCallId = fields.pbx_call_id?.trim()
  if (!pbxCallId) throw new InvalidWebhookError('pbx_call_id is missing')
  const eventId = `${pbxCallId}:${event}`
  const base = { eventId, eventType: event, callId: pbxCallId }
  const fullId = `${ctx.provider}:${eventId}`

  if (event === 'NOTIFY_RECORD') {
    const recordingId = fields.call_id_with_rec?.trim()
    if (!recordingId) throw new InvalidWebhookError('call_id_with_rec is missing')
    const patch: Partial<CallReceivedV1> = {
      eventId: fullId,
      providerEventId: pbxCallId,
      event,
      recordingId,
      receivedAt: ctx.receivedAt,
    }
    return { ...base, emission: { kind: 'call-by-id', callId: pbxCallId, patch } }
  }

  const startedAt = zadarmaTime(fields.call_start)
  if (!startedAt) throw new InvalidWebhookError('call_start is missing or not YYYY-MM-DD HH:MM:SS')
  const isOut = outbound.has(event)
  const callerRaw = (isOut ? fields.caller_id || fields.internal : fields.caller_id)?.trim() ?? ''
  const calleeRaw = (isOut || event === 'NOTIFY_ANSWER' ? fields.destination : fields.called_did)?.trim()
  const caller = providerPhone(callerRaw, ctx.defaultRegion)
  if (!caller.e164) return { ...base, emission: null, reason: 'caller number is not a valid phone number' }
  const callee = calleeRaw ? providerPhone(calleeRaw, ctx.defaultRegion) : undefined
  const recorded = fields.is_recorded === '1' && fields.call_id_with_rec ? fields.call_id_with_rec : null

  const call: CallReceivedV1 = {
    eventId: fullId,
    provider: ctx.provider,
    providerEventId: pbxCallId,
    event,
    direction: isOut ? 'outbound' : 'inbound',
    callerE164: caller.e164,
    callerRaw,
    calleeE164: callee?.e164 ?? null,
    calleeRaw: calleeRaw ?? null,
    calledDid: fields.called_did?.trim() || null,
    callId: pbxCallId,
    startedAt,
    durationSec: wholeNumber(fields.duration),
    disposition: fields.disposition?.trim() || null,
    recordingId: recorded,
    receivedAt: ctx.receivedAt,
  }
  return { ...base, emission: { kind: 'call', event: call } }
}

import type { CallReceivedV1 } from '@leadflow/contracts'
import { providerPhone } from './provider-phone.js'
import {
  InvalidWebhookError,
  instant,
  str,
  wholeNumber,
  type ParseContext,
  type ParsedWebhook,
} from './parsed-webhook.js'

const directions = new Set(['inbound', 'outbound', 'internal'])

/** An OnlinePBX call notification (JSON: domain, event, direction, uuid, caller, callee, date…). */
export function parseOnlinePbx(body: unknown, ctx: ParseContext): ParsedWebhook {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidWebhookError('the body must be a JSON object')
  const fields = body as Record<string, unknown>
  const uuid = str(fields.uuid)
  const event = str(fields.event)
  if (!uuid || !event) throw new InvalidWebhookError('uuid and event are required')
  if (uuid.length > 200 || event.length > 100) throw new InvalidWebhookError('uuid or event is too long')
  const eventId = `${uuid}:${event}`
  const base = { eventId, eventType: event, callId: uuid }

  const callerRaw = str(fields.caller)?.trim() ?? ''
  const caller = providerPhone(callerRaw, ctx.defaultRegion)
  if (!caller.e164) return { ...base, emission: null, reason: 'caller number is not a valid phone number' }
  const calleeRaw = str(fields.callee)?.trim()
  const callee = calleeRaw ? providerPhone(calleeRaw, ctx.defaultRegion) : undefined
  const direction = str(fields.direction)?.toLowerCase() ?? ''

  const call: CallReceivedV1 = {
    eventId: `${ctx.provider}:${eventId}`,
    provider: ctx.provider,
    providerEventId: uuid,
    event,
    direction: directions.has(direction) ? (direction as CallReceivedV1['direction']) : 'unknown',
    callerE164: caller.e164,
    callerRaw,
    calleeE164: callee?.e164 ?? null,
    calleeRaw: calleeRaw ?? null,
    calledDid: str(fields.gateway)?.trim() ?? null,
    callId: uuid,
    startedAt: instant(fields.date) ?? ctx.receivedAt,
    durationSec: wholeNumber(fields.call_duration ?? fields.duration),
    disposition: str(fields.hangup_cause)?.trim() ?? null,
    recordingId: str(fields.record ?? fields.download_url)?.trim() ?? null,
    receivedAt: ctx.receivedAt,
  }
  return { ...base, emission: { kind: 'call', event: call } }
}

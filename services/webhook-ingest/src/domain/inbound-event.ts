import type { CallReceivedV1, LeadSubmittedV1 } from '@leadflow/contracts'
import { providerPhone } from './provider-phone.js'
import { z } from 'zod'
import { InvalidWebhookError, instant, type ParseContext, type ParsedWebhook } from './parsed-webhook.js'

const text = (max: number) => z.string().trim().min(1).max(max)
const callData = z.object({
  caller: text(64),
  callee: text(64).optional(),
  calledDid: text(64).optional(),
  callId: text(200).optional(),
  event: text(100).optional(),
  direction: z.enum(['inbound', 'outbound', 'internal', 'unknown']).default('inbound'),
  startedAt: z.union([z.string(), z.number()]).optional(),
  durationSec: z.number().int().min(0).max(1_000_000_000).optional(),
  disposition: text(100).optional(),
  recordingId: text(500).optional(),
})
const leadData = z.object({
  name: text(200).optional(),
  email: z.email().max(320).optional(),
  phone: text(64).optional(),
  company: text(200).optional(),
  message: z.string().max(10_000).optional(),
  source: text(100).optional(),
  utm: z.record(z.string().max(100), z.string().max(500)).optional(),
})
const envelope = z.object({ type: text(100), data: z.unknown() })

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value)
  if (!result.success) {
    const issue = result.error.issues[0]
    throw new InvalidWebhookError(`data.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`)
  }
  return result.data
}

export interface InboundContext extends ParseContext {
  webhookId: string
  source: string
  defaultLeadSource: string | undefined
}

/** A verified Standard Webhooks delivery: `call.received` or `lead.submitted` (others are recorded). */
export function parseInbound(body: unknown, ctx: InboundContext): ParsedWebhook {
  const { type, data } = parseOrThrow(envelope, body)
  const eventId = ctx.webhookId
  const fullId = `${ctx.provider}:${eventId}`
  if (type === 'call.received') {
    const call = parseOrThrow(callData, data)
    const caller = providerPhone(call.caller, ctx.defaultRegion)
    const base = { eventId, eventType: type, callId: call.callId ?? null }
    if (!caller.e164) return { ...base, emission: null, reason: 'caller number is not a valid phone number' }
    const event: CallReceivedV1 = {
      eventId: fullId,
      provider: ctx.provider,
      providerEventId: eventId,
      event: call.event ?? type,
      direction: call.direction,
      callerE164: caller.e164,
      callerRaw: call.caller,
      calleeE164: call.callee ? providerPhone(call.callee, ctx.defaultRegion).e164 : null,
      calleeRaw: call.callee ?? null,
      calledDid: call.calledDid ?? null,
      callId: call.callId ?? null,
      startedAt: instant(call.startedAt) ?? ctx.receivedAt,
      durationSec: call.durationSec ?? null,
      disposition: call.disposition ?? null,
      recordingId: call.recordingId ?? null,
      receivedAt: ctx.receivedAt,
    }
    return { ...base, emission: { kind: 'call', event } }
  }
  if (type === 'lead.submitted') {
    const lead = parseOrThrow(leadData, data)
    const event: LeadSubmittedV1 = {
      submissionId: fullId,
      eventId: fullId,
      source: lead.source ?? ctx.defaultLeadSource ?? ctx.source,
      channel: 'webhook',
      name: lead.name ?? null,
      email: lead.email?.toLowerCase() ?? null,
      phoneRaw: lead.phone ?? null,
      phoneE164: lead.phone ? providerPhone(lead.phone, ctx.defaultRegion).e164 : null,
      company: lead.company ?? null,
      message: lead.message ?? null,
      utm: lead.utm ?? {},
      submittedBy: ctx.provider,
      submittedAt: ctx.receivedAt,
    }
    return { eventId, eventType: type, callId: null, emission: { kind: 'lead', event } }
  }
  return { eventId, eventType: type, callId: null, emission: null, reason: 'event type not handled' }
}

import {
  zadarmaSignature,
  zadarmaSignedString,
} from '../../../services/webhook-ingest/src/domain/zadarma-signature.js'
import type { ZadarmaEvent } from '../../../services/webhook-ingest/src/domain/zadarma-signature.js'
import type { Delivery, HttpRequest, Targets } from './delivery.js'
import type { Person } from './people.js'
import type { Random } from './random.js'

/** Our published numbers (DIDs) callers dial. */
const dids = ['74951234567', '4930901820', '442071838750']
const extensions = ['100', '101', '102', '205']

/** `YYYY-MM-DD HH:MM:SS` in UTC, as Zadarma writes call_start. */
export function zadarmaTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
}

/** A signed Zadarma notification (form body, `Signature` header over the event's fields). */
export function zadarmaRequest(
  targets: Targets,
  event: ZadarmaEvent,
  fields: Record<string, string>,
): HttpRequest {
  const all = { event, ...fields }
  return {
    url: `${targets.ingestUrl}/webhooks/zadarma`,
    init: {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        signature: zadarmaSignature(targets.secrets.zadarma, zadarmaSignedString(event, all)),
      },
      body: new URLSearchParams(all).toString(),
    },
  }
}

/**
 * One inbound call as Zadarma reports it: NOTIFY_START → NOTIFY_ANSWER → NOTIFY_END →
 * NOTIFY_RECORD (recorded calls only). A hidden caller (no number) sends START and END only.
 */
export function zadarmaCall(r: Random, caller: Person, nowMs: number): Delivery[] {
  const pbxCallId = `in_${r.hex(32)}`
  const hidden = r.chance(0.03)
  const callerId = hidden ? '0' : caller.phone.slice(1)
  const calledDid = r.pick(dids)
  const callStart = zadarmaTimestamp(nowMs)
  const internal = r.pick(extensions)
  const answered = !hidden && r.chance(0.85)
  const recorded = answered && r.chance(0.7)
  const recording = `${pbxCallId}_rec${r.digits(6)}`
  const base = { call_start: callStart, pbx_call_id: pbxCallId, caller_id: callerId }
  const steps: [ZadarmaEvent, Record<string, string>][] = [
    ['NOTIFY_START', { ...base, called_did: calledDid }],
  ]
  if (answered) steps.push(['NOTIFY_ANSWER', { ...base, destination: internal, internal }])
  steps.push([
    'NOTIFY_END',
    {
      ...base,
      called_did: calledDid,
      internal: answered ? internal : '',
      duration: String(answered ? r.int(15, 900) : 0),
      disposition: answered ? 'answered' : r.pick(['no answer', 'busy', 'cancel']),
      status_code: answered ? '16' : '19',
      is_recorded: recorded ? '1' : '0',
      ...(recorded ? { call_id_with_rec: recording } : {}),
    },
  ])
  if (recorded) steps.push(['NOTIFY_RECORD', { pbx_call_id: pbxCallId, call_id_with_rec: recording }])
  return steps.map(([event, fields]) => ({
    kind: 'http',
    channel: 'zadarma',
    eventId: `${pbxCallId}:${event}`,
    redelivery: false,
    request: (targets: Targets) => zadarmaRequest(targets, event, fields),
  }))
}

import type { Delivery, HttpRequest, Targets } from './delivery.js'
import type { Person } from './people.js'
import type { Random } from './random.js'

export function onlinePbxRequest(targets: Targets, body: object): HttpRequest {
  return {
    url: `${targets.ingestUrl}/webhooks/onlinepbx/${encodeURIComponent(targets.secrets.onlinepbx)}`,
    init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  }
}

/** An OnlinePBX inbound call: `call_start`, then `call_end` with duration and hangup cause. */
export function onlinePbxCall(r: Random, caller: Person, nowMs: number): Delivery[] {
  const uuid = uuidFrom(r)
  const common = {
    domain: 'sales.onpbx.ru',
    direction: 'inbound',
    uuid,
    caller: caller.phone.slice(1),
    callee: String(r.int(100, 120)),
    gateway: '74951234567',
    date: Math.floor(nowMs / 1000),
  }
  const answered = r.chance(0.8)
  const events = [
    { ...common, event: 'call_start' },
    {
      ...common,
      event: 'call_end',
      call_duration: answered ? r.int(10, 600) : 0,
      hangup_cause: answered ? 'NORMAL_CLEARING' : 'NO_ANSWER',
    },
  ]
  return events.map((body) => ({
    kind: 'http',
    channel: 'onlinepbx',
    eventId: `${uuid}:${body.event}`,
    redelivery: false,
    request: (targets: Targets) => onlinePbxRequest(targets, body),
  }))
}

/** A version-4-shaped UUID from the seeded source (the same seed gives the same ids). */
function uuidFrom(r: Random): string {
  const h = r.hex(32)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`
}

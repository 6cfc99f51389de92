import { standardWebhooksSignature } from '../../../services/webhook-ingest/src/domain/standard-webhooks-signature.js'
import type { Delivery, HttpRequest, Targets } from './delivery.js'
import type { Person } from './people.js'
import type { Random } from './random.js'

/** A Standard Webhooks delivery (`webhook-id/-timestamp/-signature`) to /webhooks/inbound/:source. */
export function inboundRequest(targets: Targets, id: string, body: object, nowMs: number): HttpRequest {
  const raw = JSON.stringify(body)
  const timestamp = String(Math.floor(nowMs / 1000))
  return {
    url: `${targets.ingestUrl}/webhooks/inbound/${encodeURIComponent(targets.inboundSource)}`,
    init: {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': timestamp,
        'webhook-signature': standardWebhooksSignature(
          targets.secrets.inbound,
          id,
          timestamp,
          Buffer.from(raw),
        ),
      },
      body: raw,
    },
  }
}

const messages = [
  'Please call me back about pricing.',
  'We need 20 seats, can you send an offer?',
  'Interested in a demo next week.',
  '',
]
const pages = ['/pricing', '/contact', '/demo', '/']

/** How people type their number into a form: E.164, spaced, or with a national prefix. */
function typedPhone(r: Random, phone: string): string {
  const style = r.int(0, 2)
  if (style === 0) return phone
  if (style === 1) return `${phone.slice(0, 3)} ${phone.slice(3, 6)} ${phone.slice(6)}`
  return `00${phone.slice(1)}`
}

function delivery(channel: 'lead' | 'call', id: string, body: object): Delivery {
  return {
    kind: 'http',
    channel,
    eventId: id,
    redelivery: false,
    request: (targets: Targets, nowMs: number) => inboundRequest(targets, id, body, nowMs),
  }
}

/** A web-form lead (`lead.submitted`) from a site's back end. */
export function formLead(r: Random, who: Person, nowMs: number): Delivery[] {
  const id = `msg_${r.hex(26)}`
  const data = {
    name: who.name,
    email: who.email,
    ...(r.chance(0.85) ? { phone: typedPhone(r, who.phone) } : {}),
    company: who.company,
    message: r.pick(messages),
    source: r.pick(['website', 'landing-page', 'partner-form']),
    utm: {
      utm_source: r.pick(['google', 'newsletter', 'linkedin']),
      utm_campaign: 'spring',
      page: r.pick(pages),
    },
  }
  return [delivery('lead', id, { type: 'lead.submitted', timestamp: new Date(nowMs).toISOString(), data })]
}

/** A call reported by a call-tracking tool over Standard Webhooks (`call.received`). */
export function trackedCall(r: Random, caller: Person, nowMs: number): Delivery[] {
  const id = `msg_${r.hex(26)}`
  const data = {
    caller: caller.phone,
    callee: '+4930901820',
    callId: `ct_${r.hex(16)}`,
    event: 'call.completed',
    direction: 'inbound',
    startedAt: new Date(nowMs - r.int(30, 600) * 1000).toISOString(),
    durationSec: r.int(5, 900),
    disposition: r.pick(['answered', 'missed']),
  }
  return [delivery('call', id, { type: 'call.received', timestamp: new Date(nowMs).toISOString(), data })]
}

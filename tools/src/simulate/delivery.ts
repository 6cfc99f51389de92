/** What the simulator can send: one weight each in the mix. */
export const channels = ['zadarma', 'onlinepbx', 'stripe', 'lead', 'call', 'mail'] as const
export type Channel = (typeof channels)[number]

/** The webhook-ingest provider a channel's deliveries are recorded under. */
export const providerOf: Record<Exclude<Channel, 'mail'>, string> = {
  zadarma: 'zadarma',
  onlinepbx: 'onlinepbx',
  stripe: 'stripe',
  lead: 'inbound',
  call: 'inbound',
}

/** Where the traffic goes and what it is signed with. */
export interface Targets {
  /** webhook-ingest's base URL, e.g. http://127.0.0.1:8081 */
  ingestUrl: string
  /** The Standard Webhooks sender name in /webhooks/inbound/:source. */
  inboundSource: string
  secrets: Secrets
}

export interface Secrets {
  zadarma: string
  /** OnlinePBX has no signature: the secret is the token in the path. */
  onlinepbx: string
  stripe: string
  /** Standard Webhooks `whsec_…` secret. */
  inbound: string
}

export interface HttpRequest {
  url: string
  init: { method: 'POST'; headers: Record<string, string>; body: string }
}

/**
 * One webhook or mail. `request` signs at send time, so a redelivery carries the same event
 * id with a fresh timestamp, as providers retry.
 */
export type Delivery =
  | {
      kind: 'http'
      channel: Exclude<Channel, 'mail'>
      eventId: string
      redelivery: boolean
      request: (targets: Targets, nowMs: number) => HttpRequest
    }
  | { kind: 'mail'; channel: 'mail'; eventId: string; redelivery: boolean; raw: string }

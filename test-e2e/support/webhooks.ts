import { createHmac } from 'node:crypto'

/** What a provider sends: signed exactly as the provider documents it. */
export interface WebhookRequest {
  path: string
  init: RequestInit
}

const now = (): string => String(Math.floor(Date.now() / 1000))

/** Zadarma NOTIFY_START: `Signature` = base64 of the hex HMAC-SHA1 of caller_id+called_did+call_start. */
export function zadarmaCallStart(
  secret: string,
  call: { pbxCallId: string; callerId: string; calledDid: string; callStart: string },
): WebhookRequest {
  const fields = {
    event: 'NOTIFY_START',
    pbx_call_id: call.pbxCallId,
    caller_id: call.callerId,
    called_did: call.calledDid,
    call_start: call.callStart,
  }
  const hex = createHmac('sha1', secret)
    .update(call.callerId + call.calledDid + call.callStart)
    .digest('hex')
  return {
    path: '/webhooks/zadarma',
    init: {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        signature: Buffer.from(hex).toString('base64'),
      },
      body: new URLSearchParams(fields).toString(),
    },
  }
}

/** OnlinePBX: unsigned JSON, authenticated by the secret token in the path. */
export function onlinePbxCall(token: string, body: Record<string, unknown>): WebhookRequest {
  return {
    path: `/webhooks/onlinepbx/${token}`,
    init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  }
}

/** Stripe: `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t.body)>`. */
export function stripeEvent(secret: string, event: Record<string, unknown>): WebhookRequest {
  const raw = JSON.stringify(event)
  const t = now()
  const v1 = createHmac('sha256', secret).update(`${t}.${raw}`).digest('hex')
  return {
    path: '/webhooks/stripe',
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${v1}` },
      body: raw,
    },
  }
}

/** Standard Webhooks: `webhook-signature: v1,<base64 HMAC-SHA256(key, id.timestamp.body)>`. */
export function standardWebhook(
  source: string,
  secret: string,
  id: string,
  body: Record<string, unknown>,
): WebhookRequest {
  const raw = JSON.stringify(body)
  const timestamp = now()
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${raw}`).digest('base64')
  return {
    path: `/webhooks/inbound/${source}`,
    init: {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': timestamp,
        'webhook-signature': `v1,${signature}`,
      },
      body: raw,
    },
  }
}

/** A new Standard Webhooks secret (`whsec_` + base64 of 32 bytes). */
export function standardWebhooksSecret(seed: string): string {
  return `whsec_${Buffer.from(seed.padEnd(32, '#').slice(0, 32)).toString('base64')}`
}

/** Delivers a webhook and answers `{ status, body }`. */
export async function deliver(
  ingestUrl: string,
  request: WebhookRequest,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${ingestUrl}${request.path}`, request.init)
  const text = await res.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // text/plain answers stay text
  }
  return { status: res.status, body }
}

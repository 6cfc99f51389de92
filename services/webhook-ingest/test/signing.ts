import { standardWebhooksSignature } from '../src/domain/standard-webhooks-signature.js'
import { stripeSignature } from '../src/domain/stripe-signature.js'
import { zadarmaSignature, zadarmaSignedString, type ZadarmaEvent } from '../src/domain/zadarma-signature.js'

export const secrets = {
  zadarma: 'zadarma-api-secret-123',
  onlinepbx: 'onlinepbx-path-token-1234567890',
  stripe: 'whsec_stripe_test_secret_abc',
  inbound: `whsec_${Buffer.from('inbound-shared-secret-bytes-32!!').toString('base64')}`,
}

/** A signed Zadarma notification as a fetch init. */
export function zadarmaRequest(
  event: ZadarmaEvent,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const all = { event, ...fields }
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      signature: zadarmaSignature(secrets.zadarma, zadarmaSignedString(event, all)),
      ...headers,
    },
    body: new URLSearchParams(all).toString(),
  }
}

export function stripeRequest(
  body: object,
  timestamp = Math.floor(Date.now() / 1000),
  secret = secrets.stripe,
) {
  const raw = JSON.stringify(body)
  const v1 = stripeSignature(secret, String(timestamp), Buffer.from(raw))
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': `t=${timestamp},v1=${v1}` },
    body: raw,
  }
}

export function inboundRequest(id: string, body: object, timestamp = Math.floor(Date.now() / 1000)) {
  const raw = JSON.stringify(body)
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': standardWebhooksSignature(
        secrets.inbound,
        id,
        String(timestamp),
        Buffer.from(raw),
      ),
    },
    body: raw,
  }
}

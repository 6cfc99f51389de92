import { createHmac, timingSafeEqual } from 'node:crypto'
import type { SignatureResult } from './stripe-signature.js'

/** The HMAC key of a Standard Webhooks secret: the base64 part after `whsec_` (or the whole value). */
export function standardWebhooksKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64')
}

/** `v1,<base64 HMAC-SHA256(key, id.timestamp.body)>`. */
export function standardWebhooksSignature(
  secret: string,
  id: string,
  timestamp: string,
  rawBody: Buffer,
): string {
  const mac = createHmac('sha256', standardWebhooksKey(secret))
    .update(`${id}.${timestamp}.`, 'utf8')
    .update(rawBody)
    .digest('base64')
  return `v1,${mac}`
}

/**
 * Verifies `webhook-id`, `webhook-timestamp` and `webhook-signature` (space-separated
 * `v1,<base64>` entries, several allowed) over the raw body against every secret.
 */
export function verifyStandardWebhook(options: {
  secrets: readonly string[]
  id: string | undefined
  timestamp: string | undefined
  signature: string | undefined
  rawBody: Buffer
  toleranceSec: number
  nowMs?: number
}): SignatureResult {
  const { secrets, id, timestamp, signature, rawBody, toleranceSec, nowMs = Date.now() } = options
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing' }
  if (!/^\d{1,12}$/.test(timestamp) || id.length > 256) return { ok: false, reason: 'malformed' }
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > toleranceSec) return { ok: false, reason: 'expired' }
  const given = signature
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry.slice(3), 'base64'))
    .filter((mac) => mac.length === 32)
  let ok = false
  for (const secret of secrets) {
    const expected = Buffer.from(standardWebhooksSignature(secret, id, timestamp, rawBody).slice(3), 'base64')
    for (const mac of given) if (timingSafeEqual(mac, expected)) ok = true
  }
  return ok ? { ok: true } : { ok: false, reason: 'mismatch' }
}

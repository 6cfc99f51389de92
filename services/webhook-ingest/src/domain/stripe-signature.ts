import { createHmac, timingSafeEqual } from 'node:crypto'

export type SignatureResult =
  { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'mismatch' }

/** HMAC-SHA256 hex of `t.rawBody` with the secret used as-is, as Stripe signs. */
export function stripeSignature(secret: string, timestamp: string, rawBody: Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(rawBody).digest('hex')
}

function parseHeader(header: string): { t: string | undefined; v1: string[] } {
  let t: string | undefined
  const v1: string[] = []
  for (const part of header.split(',')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    const name = part.slice(0, eq).trim()
    const value = part.slice(eq + 1).trim()
    if (name === 't') t = value
    else if (name === 'v1') v1.push(value)
  }
  return { t, v1 }
}

/**
 * Verifies a `Stripe-Signature` header (`t=…,v1=…`, several `v1` allowed) over the raw body
 * against every configured secret, refusing timestamps further than `toleranceSec` from now.
 */
export function verifyStripeSignature(options: {
  secrets: readonly string[]
  header: string | undefined
  rawBody: Buffer
  toleranceSec: number
  nowMs?: number
}): SignatureResult {
  const { secrets, header, rawBody, toleranceSec, nowMs = Date.now() } = options
  if (!header) return { ok: false, reason: 'missing' }
  const { t, v1 } = parseHeader(header)
  if (t === undefined || !/^\d{1,12}$/.test(t) || v1.length === 0) return { ok: false, reason: 'malformed' }
  if (Math.abs(nowMs / 1000 - Number(t)) > toleranceSec) return { ok: false, reason: 'expired' }
  const given = v1.filter((sig) => /^[0-9a-f]{64}$/.test(sig)).map((sig) => Buffer.from(sig, 'hex'))
  let ok = false
  for (const secret of secrets) {
    const expected = Buffer.from(stripeSignature(secret, t, rawBody), 'hex')
    for (const sig of given) if (timingSafeEqual(sig, expected)) ok = true
  }
  return ok ? { ok: true } : { ok: false, reason: 'mismatch' }
}

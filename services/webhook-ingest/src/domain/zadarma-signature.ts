import { createHmac, timingSafeEqual } from 'node:crypto'

/** Zadarma notifications and the form fields (in order) each one signs. */
export const zadarmaSignedFields = {
  NOTIFY_START: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_INTERNAL: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_ANSWER: ['caller_id', 'destination', 'call_start'],
  NOTIFY_END: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_OUT_START: ['internal', 'destination', 'call_start'],
  NOTIFY_OUT_END: ['internal', 'destination', 'call_start'],
  NOTIFY_RECORD: ['pbx_call_id', 'call_id_with_rec'],
  NOTIFY_IVR: ['caller_id', 'called_did', 'call_start'],
} as const satisfies Record<string, readonly string[]>

export type ZadarmaEvent = keyof typeof zadarmaSignedFields

export function isZadarmaEvent(event: string | undefined): event is ZadarmaEvent {
  return event !== undefined && Object.hasOwn(zadarmaSignedFields, event)
}

/** The string Zadarma signs for `event`: the signed fields concatenated, missing ones as ''. */
export function zadarmaSignedString(event: ZadarmaEvent, fields: Readonly<Record<string, string>>): string {
  return zadarmaSignedFields[event].map((name) => fields[name] ?? '').join('')
}

/** `Signature` header value: base64 of the lower-case hex HMAC-SHA1 of the signed string. */
export function zadarmaSignature(secret: string, signedString: string): string {
  const hex = createHmac('sha1', secret).update(signedString, 'utf8').digest('hex')
  return Buffer.from(hex, 'utf8').toString('base64')
}

/** True when `signature` matches any of `secrets` (constant time per comparison). */
export function verifyZadarmaSignature(
  secrets: readonly string[],
  event: ZadarmaEvent,
  fields: Readonly<Record<string, string>>,
  signature: string | undefined,
): boolean {
  if (!signature) return false
  const given = Buffer.from(signature.trim(), 'utf8')
  const signed = zadarmaSignedString(event, fields)
  let ok = false
  for (const secret of secrets) {
    const expected = Buffer.from(zadarmaSignature(secret, signed), 'utf8')
    if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true
  }
  return ok
}

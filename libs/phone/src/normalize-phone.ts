import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max'

export interface NormalizedPhone {
  /** What the sender gave, trimmed. Always kept, even when it cannot be understood. */
  raw: string
  /** E.164 (`+79161234567`) when the number is valid, else null. */
  e164: string | null
  valid: boolean
  /** ISO country of a valid number. */
  country: string | null
}

/**
 * Normalises a phone number as people and telephony providers write it: `+7 916 123-45-67`,
 * `8 (916) 123-45-67` with a Russian default region, `79161234567` (international digits
 * without the plus, as Zadarma sends them), `00 49 30 1234567`. Invalid input is kept raw and
 * flagged, never dropped.
 */
export function normalizePhone(input: string, defaultRegion?: string): NormalizedPhone {
  const raw = input.trim()
  const invalid: NormalizedPhone = { raw, e164: null, valid: false, country: null }
  if (raw.length === 0 || raw.length > 64) return invalid
  const region = defaultRegion?.toUpperCase() as CountryCode | undefined
  const compact = raw.replace(/[\s().-]/g, '')
  const candidates = [raw]
  if (/^00\d{6,}$/.test(compact)) candidates.push(`+${compact.slice(2)}`)
  if (/^\d{10,15}$/.test(compact)) candidates.push(`+${compact}`)
  for (const candidate of candidates) {
    const parsed = parsePhoneNumberFromString(candidate, region)
    if (parsed?.isValid()) return { raw, e164: parsed.number, valid: true, country: parsed.country ?? null }
  }
  return invalid
}

import { normalizePhone, type NormalizedPhone } from '@leadflow/phone'

const internationalDigits = /^[1-9]\d{9,14}$/

/**
 * `normalizePhone` for numbers as telephony providers send them. Without a default region, a
 * number of international digits without the plus (`79161234567`, as Zadarma sends it) can only
 * be read with the plus, so it is read that way at once: the same result, without first failing
 * to read it as written (the costly part of the hot path).
 */
export function providerPhone(input: string, defaultRegion?: string): NormalizedPhone {
  const raw = input.trim()
  if (defaultRegion || !internationalDigits.test(raw)) return normalizePhone(input, defaultRegion)
  return { ...normalizePhone(`+${raw}`), raw }
}

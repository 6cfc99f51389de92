/** The identity fields of a contact, as stored. */
export interface ContactFields {
  name: string | null
  nameNormalized: string | null
  phoneRaw: string | null
  phoneDigits: string | null
  phoneE164: string | null
  phoneValid: boolean
  emailLower: string | null
  companyId: string | null
}

export type ContactPatch = Partial<ContactFields>

/**
 * What `incoming` adds to `existing` without overwriting anything it already has: a missing
 * name, e-mail or company, and a phone when the contact has none or only one that is not a
 * valid number. `withEmail: false` leaves the e-mail alone (it belongs to another contact).
 */
export function enrichmentPatch(
  existing: ContactFields,
  incoming: Partial<ContactFields>,
  { withEmail = true }: { withEmail?: boolean } = {},
): ContactPatch {
  const patch: ContactPatch = {}
  if (existing.name === null && incoming.name) {
    patch.name = incoming.name
    patch.nameNormalized = incoming.nameNormalized ?? null
  }
  const hasValidPhone = existing.phoneE164 !== null
  const takesValid = !hasValidPhone && Boolean(incoming.phoneE164)
  const takesRaw = existing.phoneRaw === null && Boolean(incoming.phoneRaw)
  if (takesValid || takesRaw) {
    patch.phoneRaw = incoming.phoneRaw ?? null
    patch.phoneDigits = incoming.phoneDigits ?? null
    patch.phoneE164 = incoming.phoneE164 ?? null
    patch.phoneValid = incoming.phoneValid ?? false
  }
  if (withEmail && existing.emailLower === null && incoming.emailLower) patch.emailLower = incoming.emailLower
  if (existing.companyId === null && incoming.companyId) patch.companyId = incoming.companyId
  return patch
}

export function isEmptyPatch(patch: ContactPatch): boolean {
  return Object.keys(patch).length === 0
}

import { normalizePhone } from '@leadflow/phone'
import type { FieldError } from '@leadflow/http'

/** A small built-in list of throw-away mailbox domains refused for lead submissions. */
export const disposableDomains: ReadonlySet<string> = new Set([
  'mailinator.com',
  'guerrillamail.com',
  'guerrillamail.net',
  '10minutemail.com',
  'tempmail.com',
  'temp-mail.org',
  'yopmail.com',
  'trashmail.com',
  'sharklasers.com',
  'getnada.com',
  'dispostable.com',
  'maildrop.cc',
  'throwawaymail.com',
  'fakeinbox.com',
  'mintemail.com',
  'mailnesia.com',
  'spamgourmet.com',
  'emailondeck.com',
  'moakt.com',
  'tempail.com',
])

export interface LeadSubmissionInput {
  name?: string | undefined
  email?: string | undefined
  phone?: string | undefined
  company?: string | undefined
  message?: string | undefined
  source?: string | undefined
  utm?: Record<string, string> | undefined
}

export interface CleanLeadSubmission {
  name: string | null
  email: string | null
  phoneRaw: string | null
  phoneE164: string | null
  company: string | null
  message: string | null
  source: string
  utm: Record<string, string>
}

const entities: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&nbsp;': ' ',
}

/**
 * Plain text from user input: `<script>`/`<style>` blocks with their content and every other
 * tag are removed, common entities decoded, control characters dropped, blanks collapsed.
 */
export function stripHtml(input: string): string {
  return (
    input
      .replace(/<(script|style|iframe|object|template)\b[\s\S]*?(<\/\1\s*>|$)/gi, ' ')
      .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
      .replace(/<\/?[a-z!][^>]*(>|$)/gi, ' ')
      .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (entity) => entities[entity] ?? entity)
      .replace(/[<>]/g, ' ')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
      .replace(/[^\S\n]+/g, ' ')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  )
}

function clean(value: string | undefined): string | null {
  if (value === undefined) return null
  const text = stripHtml(value)
  return text.length > 0 ? text : null
}

const emailPattern = /^[^\s@<>()[\]\\,;:"]+@([a-z0-9-]+\.)+[a-z]{2,}$/i

/** Validates and cleans a submission; returns the field errors when it cannot be accepted. */
export function cleanLeadSubmission(
  input: LeadSubmissionInput,
  defaultSource: string,
  defaultRegion?: string,
): CleanLeadSubmission | FieldError[] {
  const errors: FieldError[] = []
  const email = input.email?.trim().toLowerCase() || null
  if (email !== null) {
    const domain = email.split('@')[1] ?? ''
    if (!emailPattern.test(email)) errors.push({ field: '/email', message: 'must be an e-mail address' })
    else if ([...disposableDomains].some((d) => domain === d || domain.endsWith(`.${d}`)))
      errors.push({ field: '/email', message: 'disposable e-mail addresses are not accepted' })
  }
  const phoneRaw = input.phone?.trim() || null
  const phone = phoneRaw === null ? null : normalizePhone(phoneRaw, defaultRegion)
  if (phoneRaw !== null && !/\d{5,}/.test(phoneRaw.replace(/\D/g, '')))
    errors.push({ field: '/phone', message: 'must be a phone number' })
  if (email === null && phoneRaw === null)
    errors.push({ field: '/email', message: 'an e-mail address or a phone number is required' })
  if (errors.length > 0) return errors
  const utm: Record<string, string> = {}
  for (const [key, value] of Object.entries(input.utm ?? {})) {
    const text = clean(value)
    if (text !== null) utm[key] = text
  }
  return {
    name: clean(input.name),
    email,
    phoneRaw,
    phoneE164: phone?.e164 ?? null,
    company: clean(input.company),
    message: clean(input.message),
    source: input.source?.trim().toLowerCase() || defaultSource,
    utm,
  }
}

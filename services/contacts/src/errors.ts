import { AppError } from '@leadflow/http'

/** This service's problem codes, beyond the shared catalog. */
export const ContactsErrorCode = {
  contactNotFound: 'contact_not_found',
  companyNotFound: 'company_not_found',
  contactConflict: 'contact_conflict',
  companyConflict: 'company_conflict',
  mergeInvalid: 'merge_invalid',
  invalidCursor: 'invalid_cursor',
  identifierRequired: 'identifier_required',
} as const

export const contactNotFound = (id: string) =>
  new AppError(ContactsErrorCode.contactNotFound, 404, `Contact ${id} does not exist`)

export const companyNotFound = (id: string) =>
  new AppError(ContactsErrorCode.companyNotFound, 404, `Company ${id} does not exist`)

export const contactConflict = (field: string) =>
  new AppError(ContactsErrorCode.contactConflict, 409, `Another contact already has this ${field}`, {
    errors: [{ field, message: 'already belongs to another contact' }],
  })

export const companyConflict = (field: string) =>
  new AppError(ContactsErrorCode.companyConflict, 409, `Another company already has this ${field}`, {
    errors: [{ field, message: 'already belongs to another company' }],
  })

export const mergeInvalid = (message: string) => new AppError(ContactsErrorCode.mergeInvalid, 409, message)

export const invalidCursor = () =>
  new AppError(ContactsErrorCode.invalidCursor, 400, 'The cursor is not one this service issued', {
    errors: [{ field: 'cursor', message: 'invalid cursor' }],
  })

export const identifierRequired = () =>
  new AppError(
    ContactsErrorCode.identifierRequired,
    400,
    'Give at least a phone number or an e-mail address',
    {
      errors: [{ field: 'phone', message: 'phone or email is required' }],
    },
  )

/** Prisma's unique-constraint violation, with the columns it names when it names them. */
export function uniqueViolation(err: unknown): { fields: string[] } | null {
  if (typeof err !== 'object' || err === null) return null
  const e = err as { code?: unknown; meta?: { target?: unknown } }
  if (e.code !== 'P2002') return null
  const target = e.meta?.target
  const fields = Array.isArray(target) ? target.map(String) : typeof target === 'string' ? [target] : []
  return { fields }
}

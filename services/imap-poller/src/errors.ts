import { AppError } from '@leadflow/http'

/** Error codes this service answers with, besides the shared catalog. */
export const ErrorCode = {
  mailboxNotFound: 'mailbox_not_found',
  mailboxNameTaken: 'mailbox_name_taken',
  invalidCursor: 'invalid_cursor',
  missingCredentials: 'missing_credentials',
} as const

export function mailboxNotFound(id: string): AppError {
  return new AppError(ErrorCode.mailboxNotFound, 404, `No mailbox with id ${id}`)
}

export function mailboxNameTaken(name: string): AppError {
  return new AppError(ErrorCode.mailboxNameTaken, 409, `A mailbox named ${name} already exists`)
}

export function invalidCursor(): AppError {
  return new AppError(ErrorCode.invalidCursor, 400, 'The cursor is not valid')
}

export function missingCredentials(detail: string): AppError {
  return new AppError(ErrorCode.missingCredentials, 400, detail)
}

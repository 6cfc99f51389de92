import { AppError, appError } from '@leadflow/http'

/** lead-router's error codes, on top of the shared catalog. */
export const LeadRouterError = {
  invalidTransition: 'invalid_status_transition',
  leadNotFound: 'lead_not_found',
  notFound: 'not_found',
  invalidCursor: 'invalid_cursor',
  notAMember: 'not_a_department_member',
} as const

export const leadNotFound = (id: string): AppError =>
  new AppError(LeadRouterError.leadNotFound, 404, `No lead with id ${id}`)

export const notFound = (what: string, id: string): AppError =>
  appError('not_found', `No ${what} with id ${id}`)

export const invalidTransition = (from: string, to: string): AppError =>
  new AppError(LeadRouterError.invalidTransition, 409, `A lead cannot move from ${from} to ${to}`)

export const invalidCursor = (): AppError =>
  new AppError(LeadRouterError.invalidCursor, 400, 'The cursor is not valid for this list')

export const conflict = (message: string): AppError => appError('conflict', message)

import { AppError } from '@leadflow/http'

/** The mailer's error codes (problem+json `code`). */
export const MailerErrorCode = {
  campaignNotFound: 'campaign_not_found',
  campaignState: 'campaign_state_conflict',
  accountNotFound: 'account_not_found',
  accountExists: 'account_exists',
  unknownTemplate: 'unknown_template',
  invalidToken: 'invalid_token',
  suppressionNotFound: 'suppression_not_found',
  notAReport: 'not_a_delivery_report',
} as const

export const campaignNotFound = (id: string) =>
  new AppError(MailerErrorCode.campaignNotFound, 404, `campaign ${id} not found`)
export const campaignState = (message: string) => new AppError(MailerErrorCode.campaignState, 409, message)
export const accountNotFound = (id: string) =>
  new AppError(MailerErrorCode.accountNotFound, 404, `sender account ${id} not found`)
export const accountExists = (name: string) =>
  new AppError(MailerErrorCode.accountExists, 409, `a sender account named ${name} exists`)
export const unknownTemplate = (name: string) =>
  new AppError(MailerErrorCode.unknownTemplate, 400, `unknown template ${name}`)
export const invalidToken = () =>
  new AppError(MailerErrorCode.invalidToken, 404, 'this link is invalid or has expired')
export const suppressionNotFound = () =>
  new AppError(MailerErrorCode.suppressionNotFound, 404, 'address not on the suppression list')
export const notAReport = () =>
  new AppError(
    MailerErrorCode.notAReport,
    422,
    'not a delivery status notification (RFC 3464) or complaint report (RFC 5965)',
  )

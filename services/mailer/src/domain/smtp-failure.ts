/** How a failed SMTP attempt is treated. */
export type FailureKind = 'transient' | 'permanent' | 'auth'

export interface SmtpErrorLike {
  code?: string | undefined
  responseCode?: number | undefined
  command?: string | undefined
  message?: string | undefined
}

const networkCodes = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETLS',
  'EPROTOCOL',
])

/**
 * 535/534/530 (and nodemailer's EAUTH) are credential problems: the account is disabled, not
 * retried. Other 4xx and network failures are transient (retried with backoff); 5xx are permanent.
 */
export function classifySmtpError(err: SmtpErrorLike): FailureKind {
  const status = err.responseCode
  if (err.code === 'EAUTH' || err.code === 'ENOAUTH' || status === 535 || status === 534 || status === 530)
    return 'auth'
  if (status !== undefined && status >= 400 && status < 500) return 'transient'
  if (status !== undefined && status >= 500) return 'permanent'
  if (err.code !== undefined && networkCodes.has(err.code)) return 'transient'
  return 'permanent'
}

/** A 5xx refusal of a recipient is a hard bounce: the address goes on the suppression list. */
export function isHardBounce(err: SmtpErrorLike): boolean {
  return (
    err.responseCode !== undefined &&
    [550, 551, 553].includes(err.responseCode) &&
    (err.command ?? '').toUpperCase().startsWith('RCPT')
  )
}

export function describeSmtpError(err: SmtpErrorLike): string {
  const text = (err.message ?? 'unknown error').replace(/\s+/g, ' ').slice(0, 500)
  return err.responseCode === undefined ? text : `${err.responseCode} ${text}`
}

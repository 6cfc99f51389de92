/** Error categories: alerts are throttled and metrics labelled per category. */
export type ImapErrorType = 'auth' | 'connection' | 'timeout' | 'tls' | 'folder' | 'protocol' | 'internal'

interface ErrorLike {
  code?: unknown
  authenticationFailed?: unknown
  serverResponseCode?: unknown
  responseText?: unknown
  message?: unknown
}

const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'NoConnection',
  'EConnectionClosed',
])

/** Sorts an IMAP session failure into a stable category (imapflow and Node socket errors). */
export function imapErrorType(error: unknown): ImapErrorType {
  if (typeof error !== 'object' || error === null) return 'internal'
  const err = error as ErrorLike
  const code = typeof err.code === 'string' ? err.code : ''
  const text = [err.serverResponseCode, err.responseText, err.message]
    .filter((part) => typeof part === 'string')
    .join(' ')
  if (err.authenticationFailed === true || /AUTHENTICATIONFAILED|AUTHORIZATIONFAILED/i.test(text))
    return 'auth'
  if (/oauth|token endpoint/i.test(code + text)) return 'auth'
  if (code === 'ETIMEDOUT' || code === 'ETIMEOUT' || code === 'CONNECT_TIMEOUT' || /timed? ?out/i.test(text))
    return 'timeout'
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /certificate|TLS|SSL/.test(text))
    return 'tls'
  if (connectionCodes.has(code) || /connection (closed|refused|reset)|socket/i.test(text)) return 'connection'
  if (err.serverResponseCode === 'NONEXISTENT' || /mailbox doesn't exist|unknown mailbox/i.test(text))
    return 'folder'
  if (typeof err.serverResponseCode === 'string' || /command failed/i.test(text)) return 'protocol'
  return 'internal'
}

/** What every redacted value is replaced with. */
export const redactedValue = '[redacted]'

/** Keys whose values are secrets wherever they appear (up to three levels deep). */
const secretKeys = [
  'password',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'apiKey',
  'signature',
  'authorization',
  'cookie',
  'set-cookie',
  'stripe-signature',
  'webhook-signature',
  'x-api-key',
]

function property(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`
}

/** Redaction paths for pino: `key`, `*.key` and `*.*.key` for every secret key. */
export const redactPaths: readonly string[] = secretKeys.flatMap((key) => {
  const top = property(key).replace(/^\./, '')
  return [top, `*${property(key)}`, `*.*${property(key)}`]
})

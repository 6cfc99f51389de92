import { createHash, randomBytes } from 'node:crypto'

/** A new refresh token: 32 random bytes, shown to the client once, stored only as its hash. */
export function newRefreshToken(): string {
  return `rt_${randomBytes(32).toString('base64url')}`
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

const apiKeyPattern = /^lf_([a-z0-9]{16})_([A-Za-z0-9_-]{43})$/

/** A new API key `lf_<id>_<secret>`; only the id and the hash of the secret are stored. */
export function newApiKey(): { id: string; secret: string; key: string } {
  const id = randomBytes(10).toString('hex').slice(0, 16)
  const secret = randomBytes(32).toString('base64url')
  return { id, secret, key: `lf_${id}_${secret}` }
}

export function parseApiKey(key: string): { id: string; secret: string } | null {
  const match = apiKeyPattern.exec(key)
  return match ? { id: match[1] as string, secret: match[2] as string } : null
}

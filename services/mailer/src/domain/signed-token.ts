import { createHmac } from 'node:crypto'
import { isUuid } from '@leadflow/api-schemas'
import { safeEqual } from '@leadflow/crypto'

/**
 * Short, HMAC-signed tokens for public links (unsubscribe, subscription confirmation): the 16
 * bytes of a row's UUID followed by 12 bytes of HMAC-SHA256(secret, purpose:uuid), base64url
 * (38 characters). A token proves the link was issued by this service for this purpose and row.
 */
export interface SignedTokens {
  sign(purpose: string, id: string): string
  /** The UUID the token was signed for, or undefined when it is forged or malformed. */
  verify(purpose: string, token: string): string | undefined
}

function toUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export function createSignedTokens(secret: string): SignedTokens {
  const mac = (purpose: string, id: string) =>
    createHmac('sha256', secret).update(`${purpose}:${id}`).digest().subarray(0, 12)
  return {
    sign(purpose, id) {
      const normalised = id.toLowerCase()
      if (!isUuid(normalised)) throw new Error('signed tokens are issued for UUIDs')
      const bytes = Buffer.from(normalised.replaceAll('-', ''), 'hex')
      return Buffer.concat([bytes, mac(purpose, normalised)]).toString('base64url')
    },
    verify(purpose, token) {
      if (!/^[A-Za-z0-9_-]{38}$/.test(token)) return undefined
      const raw = Buffer.from(token, 'base64url')
      if (raw.length !== 28) return undefined
      const id = toUuid(raw.subarray(0, 16))
      return safeEqual(raw.subarray(16), mac(purpose, id)) ? id : undefined
    },
  }
}

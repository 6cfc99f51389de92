import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto'

/**
 * Encrypts secrets stored in the database (provider webhook secrets, SMTP and IMAP credentials)
 * with AES-256-GCM. The key is derived with HKDF from a secret taken from the environment;
 * every ciphertext names the key it was made with, so the key can be rotated: set the new one
 * as current and the old one as previous, re-encrypt, then drop the previous one.
 *
 * Format: `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts).
 */
export interface SecretBox {
  encrypt(plaintext: string): string
  decrypt(sealed: string): string
  /** True when `sealed` was made with a key other than the current one (re-encrypt it). */
  needsRotation(sealed: string): boolean
}

interface Key {
  id: string
  bytes: Buffer
}

function deriveKey(secret: string): Key {
  const bytes = Buffer.from(hkdfSync('sha256', secret, 'leadflow', 'leadflow secret-box v1', 32))
  const id = createHash('sha256').update(bytes).digest('hex').slice(0, 8)
  return { id, bytes }
}

export function createSecretBox(currentSecret: string, previousSecrets: readonly string[] = []): SecretBox {
  if (currentSecret.length < 16) throw new Error('the encryption secret must have at least 16 characters')
  const current = deriveKey(currentSecret)
  const keys = new Map([current, ...previousSecrets.map(deriveKey)].map((key) => [key.id, key]))

  return {
    encrypt(plaintext) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', current.bytes, iv)
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      const parts = [iv, cipher.getAuthTag(), data].map((part) => part.toString('base64url'))
      return ['v1', current.id, ...parts].join('.')
    },
    decrypt(sealed) {
      const [version, keyId, iv, tag, data] = sealed.split('.')
      if (version !== 'v1' || !keyId || !iv || !tag || data === undefined)
        throw new Error('not a sealed secret')
      const key = keys.get(keyId)
      if (!key) throw new Error(`sealed with an unknown key (${keyId})`)
      const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
        'utf8',
      )
    },
    needsRotation(sealed) {
      return sealed.split('.')[1] !== current.id
    },
  }
}

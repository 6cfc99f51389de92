import type { SecretBox } from '@leadflow/crypto'
import type { Mailbox } from '../generated/prisma/client.js'

export type ImapAuth = { user: string; pass: string } | { user: string; accessToken: string }

const tokenTimeoutMs = 10_000

class OAuthTokenError extends Error {
  override readonly name = 'OAuthTokenError'
  readonly code = 'EOAUTH'
}

interface CachedToken {
  accessToken: string
  expiresAt: number
}

/**
 * IMAP credentials of a mailbox: the decrypted password, or an OAuth2 access token obtained
 * with the stored refresh token (form-encoded refresh_token grant, 10 s timeout) and cached
 * until shortly before it expires.
 */
export function createImapAuth(secretBox: SecretBox, fetchFn: typeof fetch = fetch) {
  const tokens = new Map<string, CachedToken>()

  async function refresh(mailbox: Mailbox): Promise<CachedToken> {
    if (!mailbox.oauthTokenUrl || !mailbox.oauthClientId || !mailbox.oauthRefreshTokenEnc)
      throw new OAuthTokenError('oauth settings incomplete')
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: secretBox.decrypt(mailbox.oauthRefreshTokenEnc),
      client_id: mailbox.oauthClientId,
    })
    if (mailbox.oauthClientSecretEnc)
      body.set('client_secret', secretBox.decrypt(mailbox.oauthClientSecretEnc))
    const response = await fetchFn(mailbox.oauthTokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(tokenTimeoutMs),
    }).catch((err: unknown) => {
      throw new OAuthTokenError(`token endpoint unreachable: ${(err as Error).message}`)
    })
    const payload = (await response.json().catch(() => null)) as {
      access_token?: unknown
      expires_in?: unknown
    } | null
    if (!response.ok) throw new OAuthTokenError(`token endpoint answered ${response.status}`)
    if (typeof payload?.access_token !== 'string' || payload.access_token.length === 0)
      throw new OAuthTokenError('token endpoint answer has no access_token')
    const lifetimeS = typeof payload.expires_in === 'number' ? payload.expires_in : 3600
    return { accessToken: payload.access_token, expiresAt: Date.now() + Math.max(lifetimeS - 60, 0) * 1000 }
  }

  return {
    async credentials(mailbox: Mailbox): Promise<ImapAuth> {
      if (mailbox.authType !== 'xoauth2') {
        if (!mailbox.passwordEnc) throw new OAuthTokenError('mailbox has no password')
        return { user: mailbox.username, pass: secretBox.decrypt(mailbox.passwordEnc) }
      }
      let token = tokens.get(mailbox.id)
      if (!token || token.expiresAt <= Date.now()) {
        token = await refresh(mailbox)
        tokens.set(mailbox.id, token)
      }
      return { user: mailbox.username, accessToken: token.accessToken }
    },
    /** Forgets a cached token (after the server refused it). */
    invalidate(mailboxId: string) {
      tokens.delete(mailboxId)
    },
  }
}

export type ImapAuthProvider = ReturnType<typeof createImapAuth>

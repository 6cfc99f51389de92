import type { Logger } from '@leadflow/telemetry'
import { backoffDelay, sleep } from '../domain/backoff.js'

export interface OAuthClient {
  tokenUrl: string
  clientId: string
  clientSecret: string
  refreshToken: string
}

/** The token endpoint refused the grant (bad client or refresh token): retrying cannot help. */
export class OAuthGrantError extends Error {
  override readonly name = 'OAuthGrantError'
  readonly code = 'EAUTH'
}

export interface TokenProviderOptions {
  timeoutMs: number
  attempts: number
  retryBaseMs: number
  logger: Logger
  /** Tokens are renewed this long before they expire. */
  skewMs?: number
}

export interface TokenProvider {
  accessToken(cacheKey: string, client: OAuthClient): Promise<string>
  forget(cacheKey: string): void
}

interface TokenAnswer {
  access_token?: unknown
  expires_in?: unknown
}

async function requestToken(
  client: OAuthClient,
  timeoutMs: number,
): Promise<{ token: string; ttlMs: number }> {
  const body = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: client.clientId,
    client_secret: client.clientSecret,
    refresh_token: client.refreshToken,
  })
  const response = await fetch(client.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  })
  const text = await response.text()
  if (response.status === 400 || response.status === 401)
    throw new OAuthGrantError(`token endpoint refused the grant (${response.status})`)
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`)
  let answer: TokenAnswer
  try {
    answer = JSON.parse(text) as TokenAnswer
  } catch {
    throw new Error('token endpoint answered malformed JSON')
  }
  if (typeof answer.access_token !== 'string' || answer.access_token.length === 0)
    throw new Error('token endpoint answer has no access_token')
  const expiresIn = typeof answer.expires_in === 'number' ? answer.expires_in : Number(answer.expires_in)
  return { token: answer.access_token, ttlMs: Number.isFinite(expiresIn) ? expiresIn * 1000 : 300_000 }
}

/**
 * OAuth2 refresh-token grant for XOAUTH2: a form-encoded POST with a timeout, bounded retries
 * with backoff for network errors, 5xx and malformed answers, and a cache that keeps each token
 * until shortly before it expires.
 */
export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const { timeoutMs, attempts, retryBaseMs, logger, skewMs = 60_000 } = options
  const cache = new Map<string, { token: string; expiresAt: number }>()
  return {
    async accessToken(cacheKey, client) {
      const cached = cache.get(cacheKey)
      if (cached && cached.expiresAt > Date.now()) return cached.token
      for (let attempt = 1; ; attempt++) {
        try {
          const { token, ttlMs } = await requestToken(client, timeoutMs)
          cache.set(cacheKey, {
            token,
            expiresAt: Date.now() + Math.max(0, ttlMs - Math.min(skewMs, ttlMs / 2)),
          })
          return token
        } catch (err) {
          if (err instanceof OAuthGrantError) throw err
          if (attempt >= attempts)
            throw Object.assign(new Error(`oauth token unavailable: ${(err as Error).message}`), {
              code: 'ECONNECTION',
            })
          logger.warn({ err, attempt }, 'oauth token request failed, retrying')
          await sleep(backoffDelay(attempt, retryBaseMs))
        }
      }
    },
    forget(cacheKey) {
      cache.delete(cacheKey)
    },
  }
}

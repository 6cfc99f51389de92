import { errors, jwtVerify, SignJWT } from 'jose'

/** admin | head (department head) | agent | readonly (integration) */
export const roles = ['admin', 'head', 'agent', 'readonly'] as const
export type Role = (typeof roles)[number]

export interface AccessClaims {
  userId: string
  role: Role
  departmentId: string | null
}

export interface TokenSettings {
  secret: string
  issuer: string
  audience: string
  ttlSec: number
}

const algorithm = 'HS256'

export interface VerifiedAccessToken extends AccessClaims {
  expiresAt: number
}

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret)
}

export async function signAccessToken(
  claims: AccessClaims,
  settings: TokenSettings,
  now = Date.now(),
): Promise<string> {
  const iat = Math.floor(now / 1000)
  return new SignJWT({ role: claims.role, dep: claims.departmentId })
    .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + settings.ttlSec)
    .sign(keyOf(settings.secret))
}

export type AccessTokenFailure = 'expired' | 'invalid'

/**
 * Verifies an access token: HS256 only (so `alg: none` and key confusion with RS/ES keys are
 * refused), signature, issuer, audience, expiry and the claims' shape.
 */
export async function verifyAccessToken(
  token: string,
  settings: Omit<TokenSettings, 'ttlSec'>,
  now = Date.now(),
): Promise<VerifiedAccessToken | AccessTokenFailure> {
  try {
    const { payload } = await jwtVerify(token, keyOf(settings.secret), {
      algorithms: [algorithm],
      issuer: settings.issuer,
      audience: settings.audience,
      currentDate: new Date(now),
      requiredClaims: ['sub', 'exp', 'iat'],
    })
    const role = payload.role
    const dep = payload.dep
    if (typeof payload.sub !== 'string' || !roles.includes(role as Role)) return 'invalid'
    if (dep !== null && typeof dep !== 'string') return 'invalid'
    return {
      userId: payload.sub,
      role: role as Role,
      departmentId: dep,
      expiresAt: (payload.exp ?? 0) * 1000,
    }
  } catch (err) {
    return err instanceof errors.JWTExpired ? 'expired' : 'invalid'
  }
}

export interface AccessTokenVerifier {
  verify(token: string, now?: number): Promise<VerifiedAccessToken | AccessTokenFailure>
}

/**
 * `verifyAccessToken` remembering the tokens it accepted, keyed by their exact text, until they
 * expire: an HMAC check through WebCrypto costs more than the rest of a request's authentication,
 * and a given token verifies the same way every time (the claims are the token's own; nothing
 * here looks a user up). Expiry is still checked on every use; refusals are never remembered, and
 * at most `maxEntries` tokens are (the oldest go first).
 */
export function createAccessTokenVerifier(
  settings: Omit<TokenSettings, 'ttlSec'>,
  { maxEntries = 10_000 }: { maxEntries?: number } = {},
): AccessTokenVerifier {
  const accepted = new Map<string, VerifiedAccessToken>()
  return {
    async verify(token, now = Date.now()) {
      const known = accepted.get(token)
      if (known) {
        // jose's rule: expired once the current second reaches `exp`.
        if (Math.floor(now / 1000) * 1000 < known.expiresAt) return known
        accepted.delete(token)
        return 'expired'
      }
      const verified = await verifyAccessToken(token, settings, now)
      if (typeof verified === 'string') return verified
      if (accepted.size >= maxEntries) {
        const oldest = accepted.keys().next()
        if (!oldest.done) accepted.delete(oldest.value)
      }
      accepted.set(token, verified)
      return verified
    },
  }
}

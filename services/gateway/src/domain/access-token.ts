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

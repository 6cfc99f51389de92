import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { signAccessToken, verifyAccessToken } from './access-token.js'

const settings = {
  secret: 'unit-test-jwt-secret-0123456789abcdef',
  issuer: 'iss',
  audience: 'aud',
  ttlSec: 900,
}
const claims = { userId: '3f1c9a52-8f0c-4f55-9a84-6d0f1f9f0a11', role: 'agent' as const, departmentId: null }

describe('access tokens', () => {
  it('round-trips the claims and the expiry', async () => {
    const now = Date.UTC(2026, 0, 1)
    const token = await signAccessToken(claims, settings, now)
    expect(await verifyAccessToken(token, settings, now + 1000)).toEqual({
      ...claims,
      expiresAt: now + 900_000,
    })
  })

  it('refuses an expired token as expired', async () => {
    const now = Date.UTC(2026, 0, 1)
    const token = await signAccessToken(claims, settings, now)
    expect(await verifyAccessToken(token, settings, now + 901_000)).toBe('expired')
  })

  it('refuses alg:none', async () => {
    const token = new UnsecuredJWT({ role: 'admin', dep: null })
      .setSubject(claims.userId)
      .setIssuer('iss')
      .setAudience('aud')
      .setIssuedAt()
      .setExpirationTime('10m')
      .encode()
    expect(await verifyAccessToken(token, settings)).toBe('invalid')
  })

  it('refuses a token signed with another algorithm (RS256)', async () => {
    const { privateKey } = await generateKeyPair('RS256')
    const token = await new SignJWT({ role: 'admin', dep: null })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject(claims.userId)
      .setIssuer('iss')
      .setAudience('aud')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey)
    expect(await verifyAccessToken(token, settings)).toBe('invalid')
  })

  it('refuses HS512 with the right secret (algorithm pinned)', async () => {
    const token = await new SignJWT({ role: 'admin', dep: null })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject(claims.userId)
      .setIssuer('iss')
      .setAudience('aud')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(settings.secret))
    expect(await verifyAccessToken(token, settings)).toBe('invalid')
  })

  it('refuses a tampered payload, another secret, issuer or audience', async () => {
    const token = await signAccessToken(claims, settings)
    const [header, , signature] = token.split('.')
    const forged = Buffer.from(
      JSON.stringify({ sub: claims.userId, role: 'admin', iss: 'iss', aud: 'aud' }),
    ).toString('base64url')
    expect(await verifyAccessToken(`${header}.${forged}.${signature}`, settings)).toBe('invalid')
    expect(await verifyAccessToken(token, { ...settings, secret: 'another-secret-0123456789abcdefgh' })).toBe(
      'invalid',
    )
    expect(await verifyAccessToken(token, { ...settings, issuer: 'other' })).toBe('invalid')
    expect(await verifyAccessToken(token, { ...settings, audience: 'other' })).toBe('invalid')
    expect(await verifyAccessToken('not.a.jwt', settings)).toBe('invalid')
  })
})

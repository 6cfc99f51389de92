import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { createAccessTokenVerifier, signAccessToken, verifyAccessToken } from './access-token.js'

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

  describe('verifier remembering accepted tokens', () => {
    const now = Date.UTC(2026, 0, 1)

    it('answers a token again with the same claims, and as expired from its expiry on', async () => {
      const verifier = createAccessTokenVerifier(settings)
      const token = await signAccessToken(claims, settings, now)
      const first = await verifier.verify(token, now + 1000)
      expect(first).toEqual({ ...claims, expiresAt: now + 900_000 })
      expect(await verifier.verify(token, now + 899_999)).toEqual(first)
      expect(await verifier.verify(token, now + 900_000)).toBe('expired')
      expect(await verifier.verify(token, now + 1000)).toEqual(first)
    })

    it('still refuses a tampered copy of an accepted token', async () => {
      const verifier = createAccessTokenVerifier(settings)
      const token = await signAccessToken(claims, settings, now)
      await verifier.verify(token, now)
      const [header, , signature] = token.split('.')
      const payload = Buffer.from(
        JSON.stringify({
          sub: claims.userId,
          role: 'admin',
          dep: null,
          iss: 'iss',
          aud: 'aud',
          iat: now / 1000,
          exp: now / 1000 + 900,
        }),
      ).toString('base64url')
      expect(await verifier.verify(`${header}.${payload}.${signature}`, now)).toBe('invalid')
      expect(await verifier.verify(`${token}x`, now)).toBe('invalid')
    })

    it('keeps at most maxEntries tokens and still verifies the ones it let go', async () => {
      const verifier = createAccessTokenVerifier(settings, { maxEntries: 1 })
      const a = await signAccessToken(claims, settings, now)
      const b = await signAccessToken({ ...claims, role: 'admin' }, settings, now)
      expect(await verifier.verify(a, now)).toMatchObject({ role: 'agent' })
      expect(await verifier.verify(b, now)).toMatchObject({ role: 'admin' })
      expect(await verifier.verify(a, now)).toMatchObject({ role: 'agent' })
    })
  })
})

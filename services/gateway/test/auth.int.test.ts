import { randomUUID } from 'node:crypto'
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- assertions read answers as untyped JSON */
import { SignJWT, UnsecuredJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signAccessToken } from '../src/domain/access-token.js'
import { client, freshIp, login, startGateway, type Gateway } from './gateway-harness.js'

describe('gateway auth on the real Postgres and Redis', () => {
  let gw: Gateway
  beforeAll(async () => {
    gw = await startGateway({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_BASE_SEC: '30' })
  })
  afterAll(() => gw.stop())

  it('creates the bootstrap admin once, who signs in with a Bearer token pair', async () => {
    const call = client(gw.url)
    const pair = await login(call, gw.adminEmail)
    expect(pair).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 })
    expect(pair.refreshToken).toMatch(/^rt_/)
    const users = await call('GET', '/api/v1/users', { auth: `Bearer ${pair.accessToken}` })
    expect(users.status).toBe(200)
    expect(users.body.data).toEqual([
      expect.objectContaining({ email: gw.adminEmail, role: 'admin', disabled: false }),
    ])
    expect(users.body.data[0]).not.toHaveProperty('passwordHash')
    expect(users.headers.get('x-token-near-expiry')).toBeNull()
  })

  it('refuses a wrong password with 401 problem+json and no hint which part was wrong', async () => {
    const call = client(gw.url)
    for (const body of [
      { email: gw.adminEmail, password: 'wrong' },
      { email: `nobody-${randomUUID()}@leadflow.test`, password: 'wrong' },
    ]) {
      const res = await call('POST', '/api/v1/auth/token', { body })
      expect(res.status).toBe(401)
      expect(res.headers.get('content-type')).toContain('application/problem+json')
      expect(res.body).toMatchObject({
        code: 'invalid_credentials',
        status: 401,
        detail: 'E-mail or password is wrong',
      })
    }
  })

  it('refuses alg:none, another algorithm, a tampered token and an expired one', async () => {
    const call = client(gw.url)
    const { accessToken } = await login(call, gw.adminEmail)
    const sub = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString()).sub as string
    const none = new UnsecuredJWT({ role: 'admin', dep: null })
      .setSubject(sub)
      .setIssuer(gw.config.JWT_ISSUER)
      .setAudience(gw.config.JWT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .encode()
    const hs512 = await new SignJWT({ role: 'admin', dep: null })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject(sub)
      .setIssuer(gw.config.JWT_ISSUER)
      .setAudience(gw.config.JWT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(gw.config.JWT_SECRET))
    const [h, p, s] = accessToken.split('.') as [string, string, string]
    const tampered = `${h}.${p.slice(0, -2)}${p.endsWith('A') ? 'B' : 'A'}${p.slice(-1)}.${s}`
    const settings = {
      secret: gw.config.JWT_SECRET,
      issuer: gw.config.JWT_ISSUER,
      audience: gw.config.JWT_AUDIENCE,
    }
    const expired = await signAccessToken(
      { userId: sub, role: 'admin', departmentId: null },
      { ...settings, ttlSec: 60 },
      Date.now() - 120_000,
    )
    for (const [token, code] of [
      [none, 'invalid_token'],
      [hs512, 'invalid_token'],
      [tampered, 'invalid_token'],
      [expired, 'token_expired'],
    ] as const) {
      const res = await call('GET', '/api/v1/users', { auth: `Bearer ${token}` })
      expect(res.status, code).toBe(401)
      expect(res.body.code).toBe(code)
      expect(res.headers.get('www-authenticate')).toContain('Bearer')
    }
    const nearExpiry = await signAccessToken(
      { userId: sub, role: 'admin', departmentId: null },
      { ...settings, ttlSec: 60 },
    )
    const res = await call('GET', '/api/v1/users', { auth: `Bearer ${nearExpiry}` })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-token-near-expiry')).toBe('true')
  })

  it('rotates refresh tokens, and a reused one is refused and revokes its whole family', async () => {
    const call = client(gw.url)
    const first = await login(call, gw.adminEmail)
    const second = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } })
    expect(second.status).toBe(200)
    expect(second.body.refreshToken).not.toBe(first.refreshToken)
    const reused = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } })
    expect(reused.status).toBe(401)
    expect(reused.body.code).toBe('refresh_token_reused')
    // The thief's replay also kills the legitimate holder's newer token.
    const afterReuse = await call('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: second.body.refreshToken },
    })
    expect(afterReuse.status).toBe(401)
    const audit = await call('GET', '/api/v1/audit-log?action=auth.refresh.reused', {
      auth: `Bearer ${(await login(call, gw.adminEmail)).accessToken}`,
    })
    expect(audit.body.data.length).toBeGreaterThanOrEqual(1)
  })

  it('logout revokes the session', async () => {
    const call = client(gw.url)
    const pair = await login(call, gw.adminEmail)
    expect(
      (await call('POST', '/api/v1/auth/logout', { body: { refreshToken: pair.refreshToken } })).status,
    ).toBe(204)
    const res = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: pair.refreshToken } })
    expect(res.status).toBe(401)
  })

  it('locks an account out after repeated failures (429 + Retry-After, even with the right password), audited', async () => {
    const admin = await login(client(gw.url), gw.adminEmail)
    const call = client(gw.url)
    const email = `agent-${Date.now()}@leadflow.test`
    const created = await call('POST', '/api/v1/users', {
      auth: `Bearer ${admin.accessToken}`,
      body: { email, name: 'Agent', password: 'Agent-password-123', role: 'agent' },
    })
    expect(created.status).toBe(201)
    // Failures from different IPs still count against the account.
    for (let i = 0; i < 3; i++) {
      const res = await client(gw.url)('POST', '/api/v1/auth/token', { body: { email, password: 'nope' } })
      expect(res.status).toBe(401)
    }
    const locked = await client(gw.url)('POST', '/api/v1/auth/token', {
      body: { email, password: 'Agent-password-123' },
    })
    expect(locked.status).toBe(429)
    expect(locked.body.code).toBe('login_locked')
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(30)

    const audit = await call('GET', `/api/v1/audit-log?targetId=${created.body.id as string}`, {
      auth: `Bearer ${admin.accessToken}`,
    })
    const actions = (audit.body.data as { action: string }[]).map((e) => e.action)
    expect(actions.filter((a) => a === 'auth.login.failed')).toHaveLength(2)
    expect(actions).toContain('auth.login.locked')
    expect(actions).toContain('auth.login.refused')

    // The lockout is kept in Postgres as well, visible to admins and surviving a Redis restart.
    const user = await gw.db.user.findUniqueOrThrow({ where: { email } })
    expect(user.lockedUntil?.getTime()).toBeGreaterThan(Date.now())
  })

  it('throttles the login endpoint per client IP with 429, Retry-After and RateLimit headers', async () => {
    const ip = freshIp()
    const call = client(gw.url, ip)
    let last = await call('POST', '/api/v1/auth/token', {
      body: { email: `x-${randomUUID()}@leadflow.test`, password: 'x' },
    })
    expect(last.headers.get('ratelimit-limit')).toBe(String(gw.config.RATE_LIMIT_LOGIN))
    for (let i = 0; i < gw.config.RATE_LIMIT_LOGIN && last.status !== 429; i++)
      last = await call('POST', '/api/v1/auth/token', {
        body: { email: `x${i}-${randomUUID()}@leadflow.test`, password: 'x' },
      })
    expect(last.status).toBe(429)
    expect(last.headers.get('content-type')).toContain('application/problem+json')
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(last.headers.get('ratelimit-remaining')).toBe('0')
    // Another client is not affected.
    const other = await client(gw.url)('POST', '/api/v1/auth/token', {
      body: { email: `x-${randomUUID()}@leadflow.test`, password: 'x' },
    })
    expect(other.status).toBe(401)
  })
})

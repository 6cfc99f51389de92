/* eslint-disable @typescript-eslint/no-unsafe-member-access -- answers are read as untyped JSON */
/**
 * The gateway attack suite: forged and stolen credentials, brute force, reaching across owners
 * and departments, assigning oneself ownership or a role, injected filters, oversized bodies,
 * foreign origins and a spoofed client address. Each attack is refused with the documented
 * status and stable code (problem+json), and nothing changed.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signAccessToken } from '../src/domain/access-token.js'
import { newDatabase, startContacts, startRouter, token } from '../../lead-router/test/harness.js'
import { apiKeyWith, expectRefused, userWithRole, type Caller } from './crm-callers.js'
import { forgedTokens } from './gateway-attack-support.js'
import { client, login, startGateway, type Call, type Gateway } from './gateway-harness.js'
import { mirrorLeads } from './lead-views-seed.js'

const allowedOrigin = 'https://app.leadflow.example'

interface Attack {
  name: string
  send: () => Promise<Call>
  status: number
  code: string
  /** Checks, after the refusal, that the attack left no trace. */
  unchanged?: () => Promise<void>
}

describe('gateway attacks are refused with the documented status and change nothing', () => {
  let gw: Gateway
  let contacts: Awaited<ReturnType<typeof startContacts>>
  let router: Awaited<ReturnType<typeof startRouter>>
  let admin: string
  let agent: Caller
  let otherAgent: Caller
  let head: Caller
  let otherHead: Caller
  let submitKey: string
  let forged: Awaited<ReturnType<typeof forgedTokens>>
  let expired: string
  let sales: string
  let support: string
  const leads = { agents: '', others: '', otherDepartments: '' }
  const call = () => client(gw.url)

  const lead = (id: string) => router.db.lead.findUniqueOrThrow({ where: { id } })
  const userRow = (id: string) => gw.db.user.findUniqueOrThrow({ where: { id } })
  const expectLead = async (id: string, fields: object) => expect(await lead(id)).toMatchObject(fields)

  beforeAll(async () => {
    contacts = await startContacts()
    router = await startRouter({
      databaseUrl: await newDatabase(),
      contactsUrl: contacts.url,
      groupId: `gateway-attacks-${randomUUID()}`,
    })
    gw = await startGateway({
      LEAD_ROUTER_URL: router.url,
      INTERNAL_API_TOKEN: token,
      LOGIN_MAX_FAILURES: '3',
      CORS_ORIGINS: allowedOrigin,
    })
    admin = `Bearer ${(await login(call(), gw.adminEmail)).accessToken}`
    const department = async (name: string) =>
      (await call()('POST', '/api/v1/departments', { auth: admin, body: { name } })).body.id as string
    sales = await department(`Sales ${randomUUID()}`)
    support = await department(`Support ${randomUUID()}`)
    agent = await userWithRole(gw.url, admin, 'agent', sales)
    otherAgent = await userWithRole(gw.url, admin, 'agent', sales)
    head = await userWithRole(gw.url, admin, 'head', sales)
    otherHead = await userWithRole(gw.url, admin, 'head', support)
    submitKey = await apiKeyWith(gw.url, admin, 'leads:submit')
    const seeded = [
      { key: 'agents', ownerId: agent.id, departmentId: sales },
      { key: 'others', ownerId: otherAgent.id, departmentId: sales },
      { key: 'otherDepartments', ownerId: randomUUID(), departmentId: support },
    ] as const
    for (const { key, ownerId, departmentId } of seeded) {
      leads[key] = randomUUID()
      const lead = await router.db.lead.create({
        data: {
          id: leads[key],
          sourceEventId: `attack:${randomUUID()}`,
          source: 'website',
          status: 'new',
          ownerId,
          departmentId,
          name: `${key} lead`,
          email: `${key}-${randomUUID()}@example.com`,
        },
      })
      await mirrorLeads(gw.config.DATABASE_URL, [lead])
    }
    forged = await forgedTokens(gw, agent.id, agent.auth.slice('Bearer '.length))
    expired = await signAccessToken(
      { userId: agent.id, role: 'agent', departmentId: sales },
      {
        secret: gw.config.JWT_SECRET,
        issuer: gw.config.JWT_ISSUER,
        audience: gw.config.JWT_AUDIENCE,
        ttlSec: 60,
      },
      Date.now() - 10 * 60_000,
    )
  }, 180_000)
  afterAll(async () => {
    await gw?.stop()
    await router?.app.stop()
    await contacts?.app.stop()
  })

  const usersList = (token: () => string) => () =>
    call()('GET', '/api/v1/users', { auth: `Bearer ${token()}` })
  const leadUnchanged = (key: keyof typeof leads) => () =>
    expectLead(leads[key], { status: 'new', ownerId: expect.any(String) as unknown })

  const attacks: Attack[] = [
    // Forged and stale access tokens (claiming admin for the agent)
    { name: 'JWT alg:none', send: usersList(() => forged.algNone), status: 401, code: 'invalid_token' },
    {
      name: 'JWT RS256 signed with an attacker key offered in the header (jwk injection)',
      send: usersList(() => forged.rsaWithOwnKey),
      status: 401,
      code: 'invalid_token',
    },
    {
      name: 'JWT HS/RS confusion: HS256 keyed with a public key',
      send: usersList(() => forged.hsWithPublicKey),
      status: 401,
      code: 'invalid_token',
    },
    {
      name: 'JWT HS256 with a guessed secret',
      send: usersList(() => forged.guessedSecret),
      status: 401,
      code: 'invalid_token',
    },
    {
      name: "JWT tampered payload (an agent's token rewritten to role admin)",
      send: usersList(() => forged.tampered),
      status: 401,
      code: 'invalid_token',
    },
    { name: 'JWT expired', send: usersList(() => expired), status: 401, code: 'token_expired' },
    {
      name: 'a made-up API key submitting a lead',
      send: () =>
        call()('POST', '/api/v1/leads', {
          auth: `ApiKey lf_${randomUUID()}_guessed`,
          body: { name: 'Spam', email: 'spam@example.com', source: 'website' },
        }),
      status: 401,
      code: 'invalid_api_key',
      unchanged: async () => expect(await gw.db.leadSubmission.count()).toBe(0),
    },
    // IDOR across owners and departments: another's lead does not exist for the caller
    {
      name: "IDOR: an agent reads another agent's lead",
      send: () => call()('GET', `/api/v1/leads/${leads.others}`, { auth: agent.auth }),
      status: 404,
      code: 'not_found',
    },
    {
      name: "IDOR: an agent changes another agent's lead",
      send: () =>
        call()('PATCH', `/api/v1/leads/${leads.others}`, { auth: agent.auth, body: { status: 'lost' } }),
      status: 404,
      code: 'not_found',
      unchanged: leadUnchanged('others'),
    },
    {
      name: "IDOR: an agent reads another agent's lead timeline",
      send: () => call()('GET', `/api/v1/leads/${leads.others}/timeline`, { auth: agent.auth }),
      status: 404,
      code: 'not_found',
    },
    {
      name: "IDOR: an agent lists another agent's leads by ownerId",
      send: () => call()('GET', `/api/v1/leads?ownerId=${otherAgent.id}`, { auth: agent.auth }),
      status: 403,
      code: 'insufficient_role',
    },
    {
      name: "IDOR: an agent exports another agent's leads as CSV",
      send: () => call()('GET', `/api/v1/leads/export.csv?ownerId=${otherAgent.id}`, { auth: agent.auth }),
      status: 403,
      code: 'insufficient_role',
    },
    {
      name: "IDOR: a head reads another department's lead",
      send: () => call()('GET', `/api/v1/leads/${leads.otherDepartments}`, { auth: head.auth }),
      status: 404,
      code: 'not_found',
    },
    {
      name: "IDOR: a head changes another department's lead",
      send: () =>
        call()('PATCH', `/api/v1/leads/${leads.otherDepartments}`, {
          auth: head.auth,
          body: { status: 'won' },
        }),
      status: 404,
      code: 'not_found',
      unchanged: leadUnchanged('otherDepartments'),
    },
    {
      name: "IDOR: a head exports another department's leads",
      send: () => call()('GET', `/api/v1/leads/export.csv?departmentId=${support}`, { auth: head.auth }),
      status: 403,
      code: 'insufficient_role',
    },
    {
      name: "IDOR: a head reads another department's lead timeline",
      send: () => call()('GET', `/api/v1/leads/${leads.agents}/timeline`, { auth: otherHead.auth }),
      status: 404,
      code: 'not_found',
    },
    {
      name: 'IDOR: an API key that may only submit reads a lead',
      send: () => call()('GET', `/api/v1/leads/${leads.agents}`, { auth: submitKey }),
      status: 404,
      code: 'not_found',
    },
    // Mass assignment of role, owner and department fields
    {
      name: 'mass assignment: an agent makes themselves admin',
      send: () => call()('PATCH', `/api/v1/users/${agent.id}`, { auth: agent.auth, body: { role: 'admin' } }),
      status: 403,
      code: 'insufficient_role',
      unchanged: async () => expect((await userRow(agent.id)).role).toBe('agent'),
    },
    {
      name: 'mass assignment: an agent moves themselves to another department',
      send: () =>
        call()('PATCH', `/api/v1/users/${agent.id}`, { auth: agent.auth, body: { departmentId: support } }),
      status: 403,
      code: 'insufficient_role',
      unchanged: async () => expect((await userRow(agent.id)).departmentId).toBe(sales),
    },
    {
      name: 'mass assignment: an agent creates an admin user',
      send: () =>
        call()('POST', '/api/v1/users', {
          auth: agent.auth,
          body: {
            email: `sneaky-${randomUUID()}@leadflow.test`,
            name: 'x',
            password: 'Sneaky-pass-123',
            role: 'admin',
          },
        }),
      status: 403,
      code: 'insufficient_role',
      unchanged: async () => expect(await gw.db.user.count({ where: { name: 'x' } })).toBe(0),
    },
    {
      name: 'IDOR: a head adds a member to another department',
      send: () =>
        call()('PUT', `/api/v1/departments/${support}/members/${agent.id}`, { auth: head.auth, body: {} }),
      status: 403,
      code: 'insufficient_role',
    },
    // Filter and sort injection
    {
      name: 'sort injection: sort=createdAt;DROP TABLE leads',
      send: () => call()('GET', '/api/v1/leads?sort=createdAt;DROP%20TABLE%20leads', { auth: agent.auth }),
      status: 400,
      code: 'validation_failed',
    },
    {
      name: "filter injection: ownerId=' OR '1'='1",
      send: () =>
        call()('GET', `/api/v1/leads?ownerId=${encodeURIComponent("' OR '1'='1")}`, { auth: admin }),
      status: 400,
      code: 'validation_failed',
    },
    {
      name: 'filter injection: status[$ne]=won as a value',
      send: () => call()('GET', '/api/v1/leads?status=%7B%22%24ne%22%3A%22won%22%7D', { auth: admin }),
      status: 400,
      code: 'validation_failed',
    },
    {
      name: 'filter injection: a cursor that is not one of ours',
      send: () =>
        call()('GET', `/api/v1/leads?cursor=${encodeURIComponent("' OR 1=1 --")}`, { auth: agent.auth }),
      status: 400,
      code: 'invalid_cursor',
    },
    // Oversized bodies
    {
      name: 'oversized body (over BODY_LIMIT_BYTES) on lead submission',
      send: () =>
        call()('POST', '/api/v1/leads', {
          auth: submitKey,
          body: { name: 'Big', email: 'big@example.com', source: 'website', message: 'a'.repeat(300_000) },
        }),
      status: 413,
      code: 'payload_too_large',
      unchanged: async () => expect(await gw.db.leadSubmission.count()).toBe(0),
    },
    {
      name: 'oversized body on login',
      send: () =>
        call()('POST', '/api/v1/auth/token', {
          body: { email: gw.adminEmail, password: 'a'.repeat(300_000) },
        }),
      status: 413,
      code: 'payload_too_large',
    },
  ]

  it.each(attacks)('$name → $status $code', async ({ send, status, code, unchanged }) => {
    expectRefused(await send(), status, code)
    await unchanged?.()
  })

  it('filter injection through q and bracketed keys returns nothing beyond the caller’s own leads', async () => {
    for (const query of [
      `q=${encodeURIComponent("' OR '1'='1")}`,
      `q=${encodeURIComponent('%')}`,
      `ownerId%5B%24ne%5D=`,
      `ownerId%5B%24ne%5D=${agent.id}`,
    ]) {
      const res = await call()('GET', `/api/v1/leads?${query}`, { auth: agent.auth })
      // Unknown keys are dropped and q is only ever a search term: the agent's own leads, at most.
      expect(res.status, query).toBe(200)
      for (const row of res.body.data as { ownerId: string; id: string }[]) {
        expect(row.ownerId, query).toBe(agent.id)
        expect([leads.others, leads.otherDepartments]).not.toContain(row.id)
      }
    }
  })

  it('mass assignment: owner and department fields sent with a status change are not applied', async () => {
    const res = await call()('PATCH', `/api/v1/leads/${leads.agents}`, {
      auth: agent.auth,
      body: { status: 'contacted', ownerId: otherAgent.id, departmentId: support },
    })
    // Only the status is applied; the extra fields are dropped.
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'contacted', ownerId: agent.id, departmentId: sales })
    await expectLead(leads.agents, { ownerId: agent.id, departmentId: sales })
  })

  it('mass assignment: internal fields sent when an admin creates a user are not applied', async () => {
    const id = randomUUID()
    const email = `extra-${randomUUID()}@leadflow.test`
    const res = await call()('POST', '/api/v1/users', {
      auth: admin,
      body: {
        id,
        email,
        name: 'Extra',
        password: 'Extra-password-123',
        role: 'agent',
        passwordHash: 'scrypt$forged',
        lockedUntil: null,
        disabled: false,
        createdAt: '2000-01-01T00:00:00Z',
      },
    })
    // Created from the documented fields only; the rest are dropped.
    expect(res.status).toBe(201)
    const row = await gw.db.user.findUniqueOrThrow({ where: { email } })
    expect(row.id).not.toBe(id)
    expect(row.passwordHash).not.toBe('scrypt$forged')
    expect(row.createdAt.getFullYear()).toBeGreaterThan(2000)
    // The password sent is the one that works.
    await login(call(), email, 'Extra-password-123')
  })

  it('refresh-token reuse: the replayed token is refused and the whole family revoked', async () => {
    const stolen = await login(call(), gw.adminEmail)
    const rotated = await call()('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: stolen.refreshToken },
    })
    expect(rotated.status).toBe(200)
    const replay = await call()('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: stolen.refreshToken },
    })
    expectRefused(replay, 401, 'refresh_token_reused')
    expect(replay.body.accessToken).toBeUndefined()
    // The legitimate holder's newer token dies with the family.
    const newer = await call()('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: rotated.body.refreshToken as string },
    })
    expect(newer.status).toBe(401)
    expect(newer.body.accessToken).toBeUndefined()
  })

  it('brute-force login: locked out with 429 + Retry-After, even with the right password', async () => {
    const email = `brute-${randomUUID()}@leadflow.test`
    const password = 'Brute-password-123'
    expect(
      (
        await call()('POST', '/api/v1/users', {
          auth: admin,
          body: { email, name: 'Brute', password, role: 'agent' },
        })
      ).status,
    ).toBe(201)
    for (let i = 0; i < 3; i++)
      expectRefused(
        await call()('POST', '/api/v1/auth/token', { body: { email, password: `guess-${i}` } }),
        401,
        'invalid_credentials',
      )
    const locked = await call()('POST', '/api/v1/auth/token', { body: { email, password } })
    expectRefused(locked, 429, 'login_locked')
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(locked.body.accessToken).toBeUndefined()
  })

  it('CORS: an unlisted origin gets no Access-Control-Allow-Origin, the listed one does', async () => {
    const preflight = (origin: string) =>
      fetch(`${gw.url}/api/v1/leads`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      })
    for (const origin of ['https://evil.example', 'https://app.leadflow.example.evil.example', 'null']) {
      const pre = await preflight(origin)
      expect(pre.headers.get('access-control-allow-origin'), origin).toBeNull()
      const get = await fetch(`${gw.url}/api/v1/leads`, { headers: { origin, authorization: agent.auth } })
      expect(get.headers.get('access-control-allow-origin'), origin).toBeNull()
    }
    expect((await preflight(allowedOrigin)).headers.get('access-control-allow-origin')).toBe(allowedOrigin)
  })
})

describe('a gateway with no trusted proxy and no CORS origins', () => {
  let gw: Gateway
  beforeAll(async () => {
    gw = await startGateway({ TRUSTED_PROXIES: '', RATE_LIMIT_ANONYMOUS: '3' })
  }, 120_000)
  afterAll(() => gw?.stop())

  it('spoofed X-Forwarded-For from an untrusted peer does not escape the per-address rate limit', async () => {
    let last: Call | undefined
    for (let i = 0; i < 6 && last?.status !== 429; i++)
      last = await client(gw.url, `203.0.113.${i + 1}`)('GET', '/api/v1/departments')
    expect(last).toBeDefined()
    expectRefused(last!, 429, 'rate_limited')
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('CORS: no origin at all is allowed by default', async () => {
    const res = await fetch(`${gw.url}/api/v1/auth/token`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })
})

/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- assertions read answers as untyped JSON */
import { randomUUID } from 'node:crypto'
import { leadSubmittedV1, type LeadSubmittedV1 } from '@leadflow/contracts'
import { createConsumer, createKafka, on, type EventConsumer } from '@leadflow/kafka'
import { createLogger } from '@leadflow/telemetry'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, login, startGateway, type Gateway } from './gateway-harness.js'

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('gateway API keys, lead submission, users and audit on the real infrastructure', () => {
  let gw: Gateway
  let admin: string
  let consumer: EventConsumer
  const seen: LeadSubmittedV1[] = []
  const submitters = new Set<string>()
  const call = () => client(gw.url)

  async function createKey(scopes: string[]) {
    const res = await call()('POST', '/api/v1/api-keys', {
      auth: admin,
      body: { name: 'Website form', scopes },
    })
    expect(res.status).toBe(201)
    submitters.add(res.body.apiKey.id as string)
    return res.body as { key: string; apiKey: { id: string } }
  }

  beforeAll(async () => {
    gw = await startGateway({ RATE_LIMIT_SUBMISSION: '5' })
    admin = `Bearer ${(await login(client(gw.url), gw.adminEmail)).accessToken}`
    const logger = createLogger({ service: 'gateway-test', level: 'silent' })
    consumer = createConsumer(
      createKafka({ clientId: 'gateway-test', brokers: [...gw.config.KAFKA_BROKERS], logger }),
      {
        groupId: `gateway-test-${randomUUID()}`,
        fromBeginning: true,
        deadLetterTopic: false,
        logger,
        handlers: [
          on(leadSubmittedV1, (event) => {
            if (event.submittedBy && submitters.has(event.submittedBy)) seen.push(event)
          }),
        ],
      },
    )
    await consumer.start()
  })
  afterAll(async () => {
    await consumer.stop()
    await gw.stop()
  })

  it('an API key submits a web-form lead: 202, cleaned, published exactly once through the outbox', async () => {
    const { key, apiKey } = await createKey(['leads:submit'])
    expect(key).toMatch(new RegExp(`^lf_${apiKey.id}_`))
    const res = await call()('POST', '/api/v1/leads', {
      auth: `ApiKey ${key}`,
      body: {
        name: '<b>Oliver</b> Bennett<script>alert(1)</script>',
        email: 'Oliver.Bennett@Example.com',
        phone: '+44 20 7946 0321',
        message: 'Quote <img src=x onerror=alert(1)>please',
        source: 'website-contact-form',
        utm: { utm_source: 'google', utm_medium: 'cpc' },
      },
    })
    expect(res.status).toBe(202)
    const { submissionId } = res.body as { submissionId: string }
    const event = await waitFor('LeadSubmitted', () => seen.find((e) => e.submissionId === submissionId))
    expect(event).toMatchObject({
      eventId: `gateway:${submissionId}`,
      name: 'Oliver Bennett',
      email: 'oliver.bennett@example.com',
      phoneE164: '+442079460321',
      message: 'Quote please',
      source: 'website-contact-form',
      channel: 'web_form',
      utm: { utm_source: 'google', utm_medium: 'cpc' },
      submittedBy: apiKey.id,
    })
    // The relay deletes what it published (it was woken by the commit, no flush needed).
    const deadline = Date.now() + 10_000
    while ((await gw.app.outbox.depth()) > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50))
    expect(await gw.app.outbox.depth()).toBe(0)
    expect(seen.filter((e) => e.submissionId === submissionId)).toHaveLength(1)
    // The key's last use is recorded.
    const keys = await call()('GET', '/api/v1/api-keys', { auth: admin })
    const listed = (keys.body.data as { id: string; lastUsedAt: string | null }[]).find(
      (k) => k.id === apiKey.id,
    )
    expect(listed?.lastUsedAt).not.toBeNull()
    expect(listed).not.toHaveProperty('secretHash')
  })

  it('answers a repeated Idempotency-Key with the first submission', async () => {
    const { key } = await createKey(['leads:submit'])
    const body = { email: 'repeat@example.org' }
    const headers = { 'idempotency-key': randomUUID() }
    const first = await call()('POST', '/api/v1/leads', { auth: `ApiKey ${key}`, body, headers })
    const second = await call()('POST', '/api/v1/leads', { auth: `ApiKey ${key}`, body, headers })
    expect(second.status).toBe(202)
    expect(second.body.submissionId).toBe(first.body.submissionId)
  })

  it('refuses invalid submissions with per-field problem details', async () => {
    const { key } = await createKey(['leads:submit'])
    const auth = `ApiKey ${key}`
    const noContact = await call()('POST', '/api/v1/leads', { auth, body: { name: 'Nobody' } })
    expect(noContact.status).toBe(400)
    expect(noContact.body.code).toBe('validation_failed')
    const disposable = await call()('POST', '/api/v1/leads', { auth, body: { email: 'x@mailinator.com' } })
    expect(disposable.status).toBe(400)
    expect(disposable.body.errors).toEqual([
      { field: '/email', message: 'disposable e-mail addresses are not accepted' },
    ])
  })

  it('refuses a key without the scope, a revoked key and a forged key', async () => {
    const readOnly = await createKey(['leads:read'])
    const scoped = await call()('POST', '/api/v1/leads', {
      auth: `ApiKey ${readOnly.key}`,
      body: { email: 'a@example.org' },
    })
    expect(scoped.status).toBe(403)
    expect(scoped.body.code).toBe('insufficient_scope')

    const { key, apiKey } = await createKey(['leads:submit'])
    const forged = `${key.slice(0, -4)}AAAA`
    expect(
      (await call()('POST', '/api/v1/leads', { auth: `ApiKey ${forged}`, body: { email: 'a@example.org' } }))
        .status,
    ).toBe(401)
    expect((await call()('DELETE', `/api/v1/api-keys/${apiKey.id}`, { auth: admin })).status).toBe(200)
    const revoked = await call()('POST', '/api/v1/leads', {
      auth: `ApiKey ${key}`,
      body: { email: 'a@example.org' },
    })
    expect(revoked.status).toBe(401)
    expect(revoked.body.code).toBe('invalid_api_key')
    // An API key is not a user: it cannot manage users.
    expect((await call()('GET', '/api/v1/users', { auth: `ApiKey ${readOnly.key}` })).status).toBe(403)
  })

  it('throttles submissions per key (429 + Retry-After) without affecting other keys', async () => {
    const { key } = await createKey(['leads:submit'])
    const statuses: number[] = []
    for (let i = 0; i < 6; i++)
      statuses.push(
        (
          await call()('POST', '/api/v1/leads', {
            auth: `ApiKey ${key}`,
            body: { email: `t${i}@example.org` },
          })
        ).status,
      )
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429])
    const other = await createKey(['leads:submit'])
    expect(
      (
        await call()('POST', '/api/v1/leads', {
          auth: `ApiKey ${other.key}`,
          body: { email: 'o@example.org' },
        })
      ).status,
    ).toBe(202)
  })

  it('enforces roles: only admins manage users, API keys and read the audit log', async () => {
    const email = `agent-${randomUUID()}@leadflow.test`
    const created = await call()('POST', '/api/v1/users', {
      auth: admin,
      body: { email, name: 'Agent Smith', password: 'Agent-password-123', role: 'agent' },
    })
    expect(created.status).toBe(201)
    const agent = `Bearer ${(await login(call(), email, 'Agent-password-123')).accessToken}`
    for (const [method, path] of [
      ['GET', '/api/v1/users'],
      ['GET', '/api/v1/api-keys'],
      ['GET', '/api/v1/audit-log'],
      ['POST', '/api/v1/api-keys'],
    ] as const) {
      const res = await call()(method, path, {
        auth: agent,
        ...(method === 'POST' ? { body: { name: 'x', scopes: ['leads:submit'] } } : {}),
      })
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(res.body.code).toBe('insufficient_role')
    }
    expect((await call()('GET', '/api/v1/users')).status).toBe(401)
    // A user (any role) may submit a lead.
    expect(
      (await call()('POST', '/api/v1/leads', { auth: agent, body: { phone: '+44 20 7946 0999' } })).status,
    ).toBe(202)
    // Duplicate e-mail and weak password are refused.
    const dup = await call()('POST', '/api/v1/users', {
      auth: admin,
      body: { email, name: 'x', password: 'Agent-password-123', role: 'agent' },
    })
    expect(dup.status).toBe(409)
    const weak = await call()('POST', '/api/v1/users', {
      auth: admin,
      body: { email: `w-${email}`, name: 'x', password: 'short', role: 'agent' },
    })
    expect(weak.body.code).toBe('weak_password')
  })

  it('audits every write with who, what, from where and a before/after summary', async () => {
    const email = `head-${randomUUID()}@leadflow.test`
    const ip = '10.9.8.7'
    const created = await client(gw.url, ip)('POST', '/api/v1/users', {
      auth: admin,
      body: { email, name: 'Head', password: 'Head-password-123', role: 'head' },
    })
    const id = created.body.id as string
    const patched = await client(gw.url, ip)('PATCH', `/api/v1/users/${id}`, {
      auth: admin,
      body: { disabled: true },
    })
    expect(patched.body.disabled).toBe(true)
    const disabledLogin = await call()('POST', '/api/v1/auth/token', {
      body: { email, password: 'Head-password-123' },
    })
    expect(disabledLogin.status).toBe(403)
    const log = await call()('GET', `/api/v1/audit-log?targetId=${id}&limit=1`, { auth: admin })
    expect(log.body.nextCursor).toEqual(expect.any(String))
    const page2 = await call()(
      'GET',
      `/api/v1/audit-log?targetId=${id}&limit=50&cursor=${log.body.nextCursor as string}`,
      { auth: admin },
    )
    const entries = [...log.body.data, ...page2.body.data] as Record<string, unknown>[]
    const update = entries.find((e) => e.action === 'user.update')
    expect(update).toMatchObject({
      actorType: 'user',
      ip,
      before: { disabled: false, role: 'head' },
      after: { disabled: true },
    })
    expect(entries.find((e) => e.action === 'user.create')).toMatchObject({
      ip,
      after: { email, role: 'head' },
    })
    expect(JSON.stringify(entries)).not.toContain('scrypt$')
  })

  it('serves a user to other services only with the service token', async () => {
    const users = await call()('GET', '/api/v1/users', { auth: admin })
    const id = users.body.data[0].id as string
    expect((await fetch(`${gw.url}/internal/v1/users/${id}`)).status).toBe(401)
    const res = await fetch(`${gw.url}/internal/v1/users/${id}`, {
      headers: { authorization: `Bearer ${gw.config.INTERNAL_API_TOKEN}` },
    })
    expect(res.status).toBe(200)
    expect(Object.keys((await res.json()) as object).sort()).toEqual([
      'departmentId',
      'email',
      'id',
      'name',
      'role',
    ])
  })

  it('publishes an OpenAPI 3 document with every public operation and the problem schema', async () => {
    const doc = (await (await fetch(`${gw.url}/api/openapi.json`)).json()) as {
      openapi: string
      paths: Record<string, Record<string, unknown>>
      components: { schemas: Record<string, unknown> }
    }
    expect(doc.openapi).toMatch(/^3\./)
    for (const path of [
      '/api/v1/auth/token',
      '/api/v1/auth/refresh',
      '/api/v1/auth/logout',
      '/api/v1/leads',
      '/api/v1/users/{id}',
      '/api/v1/api-keys/{id}',
      '/api/v1/audit-log',
    ])
      expect(Object.keys(doc.paths)).toContain(path)
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/internal'))).toBe(false)
    expect(doc.components.schemas).toHaveProperty('Problem')
  })

  it('sends security headers and allows no CORS origin by default', async () => {
    const res = await fetch(`${gw.url}/api/v1/users`, { headers: { origin: 'https://evil.example' } })
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
  })
})

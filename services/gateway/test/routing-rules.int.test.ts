/* eslint-disable @typescript-eslint/no-unsafe-member-access -- assertions read answers as untyped JSON */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { client } from './gateway-harness.js'
import { useSettingsStack } from './settings-stack.js'
import { expectProblem } from './settings-users.js'

describe('lead sources and routing rules through the gateway and lead-router', () => {
  const stack = useSettingsStack('gateway-rules-test')
  const call = () => client(stack.gw.url)

  it('lead sources and routing rules: admins write, everyone reads, pages are stable', async () => {
    const slug = `web-${randomUUID().slice(0, 8)}`
    const source = await call()('POST', '/api/v1/lead-sources', {
      auth: stack.admin,
      body: { slug, name: 'Website', slaMinutes: 30 },
    })
    expect(source.status).toBe(201)
    expect(source.body).toMatchObject({ slug, slaMinutes: 30, departmentId: null })
    expectProblem(
      await call()('POST', '/api/v1/lead-sources', { auth: stack.admin, body: { slug, name: 'Again' } }),
      409,
    )
    expectProblem(
      await call()('POST', '/api/v1/lead-sources', {
        auth: stack.admin,
        body: { slug: 'Bad Slug!', name: 'x' },
      }),
      400,
      'validation_failed',
    )
    expectProblem(
      await call()('POST', '/api/v1/lead-sources', {
        auth: stack.agent.auth,
        body: { slug: 'x1', name: 'x' },
      }),
      403,
    )
    expect(
      (await call()('GET', `/api/v1/lead-sources/${source.body.id}`, { auth: stack.readonly.auth })).body
        .slug,
    ).toBe(slug)

    const ids: string[] = []
    for (const n of [1, 2, 3]) {
      const rule = await call()('POST', '/api/v1/routing-rules', {
        auth: stack.admin,
        body: { name: `rule ${n}`, priority: n, match: { kinds: ['call'], source: slug } },
      })
      expect(rule.status).toBe(201)
      ids.push(rule.body.id as string)
    }
    const badMatch = await call()('POST', '/api/v1/routing-rules', {
      auth: stack.admin,
      body: { name: 'bad', match: { kinds: ['fax'] } },
    })
    expectProblem(badMatch, 400, 'validation_failed')
    expect(badMatch.body.errors[0].field).toContain('/match')
    expectProblem(
      await call()('PATCH', `/api/v1/routing-rules/${ids[0]}`, {
        auth: stack.readonly.auth,
        body: { active: false },
      }),
      403,
    )

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { body: { data: { id: string }[]; nextCursor: string | null } } = await call()(
        'GET',
        `/api/v1/routing-rules?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { auth: stack.agent.auth },
      )
      expect(page.body.data.length).toBeLessThanOrEqual(2)
      seen.push(...page.body.data.map((r) => r.id))
      cursor = page.body.nextCursor
    } while (cursor)
    expect(seen.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort())
    expect(new Set(seen).size).toBe(seen.length)

    const off = await call()('PATCH', `/api/v1/routing-rules/${ids[0]}`, {
      auth: stack.admin,
      body: { active: false },
    })
    expect(off.body.active).toBe(false)
    expect(
      (await call()('DELETE', `/api/v1/lead-sources/${source.body.id}`, { auth: stack.admin })).status,
    ).toBe(204)
    const audit = await call()('GET', `/api/v1/audit-log?targetId=${ids[0]}`, { auth: stack.admin })
    expect(audit.body.data[0]).toMatchObject({
      action: 'routing_rule.update',
      before: { active: true },
      after: { active: false },
    })
  })
})

/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment -- assertions read answers as untyped JSON */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { client } from './gateway-harness.js'
import { useSettingsStack } from './settings-stack.js'
import { expectProblem, signedInUser } from './settings-users.js'

describe('departments and their members through the gateway and lead-router', () => {
  const stack = useSettingsStack('gateway-settings-test')
  const call = () => client(stack.gw.url)

  it('an stack.admin creates and changes a department that every user reads; others may not write', async () => {
    const created = await call()('POST', '/api/v1/departments', {
      auth: stack.admin,
      body: { name: 'Sales', timezone: 'Europe/Berlin' },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: 'Sales', timezone: 'Europe/Berlin', headUserId: null })
    const id = created.body.id as string

    const list = await call()('GET', '/api/v1/departments?limit=200', { auth: stack.agent.auth })
    expect(list.status).toBe(200)
    expect(list.body.nextCursor).toBeNull()
    expect((list.body.data as { id: string }[]).map((d) => d.id)).toContain(id)

    for (const who of [stack.agent, stack.readonly]) {
      expectProblem(
        await call()('POST', '/api/v1/departments', { auth: who.auth, body: { name: 'Mine' } }),
        403,
        'insufficient_role',
      )
      expectProblem(
        await call()('PATCH', `/api/v1/departments/${id}`, { auth: who.auth, body: { name: 'Renamed' } }),
        403,
      )
      expectProblem(await call()('DELETE', `/api/v1/departments/${id}`, { auth: who.auth }), 403)
    }
    expectProblem(await call()('GET', '/api/v1/departments'), 401)

    const renamed = await call()('PATCH', `/api/v1/departments/${id}`, {
      auth: stack.admin,
      body: { name: 'Inside sales' },
    })
    expect(renamed.body.name).toBe('Inside sales')
    const audit = await call()('GET', `/api/v1/audit-log?targetId=${id}`, { auth: stack.admin })
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual([
      'department.update',
      'department.create',
    ])
    expect(audit.body.data[0]).toMatchObject({ before: { name: 'Sales' }, after: { name: 'Inside sales' } })

    // lead-router's own validation comes back as a 400 problem with the field.
    const badZone = await call()('PATCH', `/api/v1/departments/${id}`, {
      auth: stack.admin,
      body: { timezone: 'Mars/Olympus' },
    })
    expectProblem(badZone, 400, 'validation_failed')
    expect(badZone.body.errors[0].field).toContain('timezone')
    expectProblem(
      await call()('POST', '/api/v1/departments', { auth: stack.admin, body: { name: '', extra: 1 } }),
      400,
      'validation_failed',
    )
    expectProblem(await call()('GET', `/api/v1/departments/${randomUUID()}`, { auth: stack.agent.auth }), 404)

    expect((await call()('DELETE', `/api/v1/departments/${id}`, { auth: stack.admin })).status).toBe(204)
    expectProblem(await call()('GET', `/api/v1/departments/${id}`, { auth: stack.admin }), 404)
  })

  it("a department head manages their own department's members, not another's", async () => {
    const own = (
      await call()('POST', '/api/v1/departments', { auth: stack.admin, body: { name: 'Support' } })
    ).body
    const other = (
      await call()('POST', '/api/v1/departments', { auth: stack.admin, body: { name: 'Billing' } })
    ).body
    const head = await signedInUser(stack.gw.url, stack.admin, 'head', own.id as string)
    const member = await signedInUser(stack.gw.url, stack.admin, 'agent', own.id as string)

    const added = await call()('PUT', `/api/v1/departments/${own.id}/members/${member.id}`, {
      auth: head.auth,
      body: {},
    })
    expect(added.status).toBe(200)
    expect(added.body).toEqual({
      userId: member.id,
      departmentId: own.id,
      active: true,
      lastAssignedAt: null,
    })
    const paused = await call()('PUT', `/api/v1/departments/${own.id}/members/${member.id}`, {
      auth: head.auth,
      body: { active: false },
    })
    expect(paused.body.active).toBe(false)
    const members = await call()('GET', `/api/v1/departments/${own.id}/members`, { auth: member.auth })
    expect(members.body).toEqual({ data: [paused.body], nextCursor: null })

    expectProblem(
      await call()('PUT', `/api/v1/departments/${other.id}/members/${member.id}`, {
        auth: head.auth,
        body: {},
      }),
      403,
      'insufficient_role',
    )
    expectProblem(
      await call()('PUT', `/api/v1/departments/${own.id}/members/${stack.agent.id}`, {
        auth: member.auth,
        body: {},
      }),
      403,
    )
    const outsider = await signedInUser(stack.gw.url, stack.admin, 'agent', other.id as string)
    const outsiderPath = `/api/v1/departments/${own.id}/members/${outsider.id}`
    expectProblem(await call()('PUT', outsiderPath, { auth: head.auth, body: {} }), 403)
    expect((await call()('PUT', outsiderPath, { auth: stack.admin, body: {} })).status).toBe(200)
    expectProblem(
      await call()('PUT', `/api/v1/departments/${own.id}/members/${randomUUID()}`, {
        auth: head.auth,
        body: {},
      }),
      404,
    )
    expect(
      (await call()('DELETE', `/api/v1/departments/${own.id}/members/${member.id}`, { auth: head.auth }))
        .status,
    ).toBe(204)
    const left = await call()('GET', `/api/v1/departments/${own.id}/members`, { auth: stack.admin })
    expect(left.body.data.map((m: { userId: string }) => m.userId)).toEqual([outsider.id])
    const audit = await call()('GET', `/api/v1/audit-log?targetId=${own.id}`, { auth: stack.admin })
    expect(audit.body.data[0]).toMatchObject({
      action: 'department.member.remove',
      actorId: head.id,
      before: { userId: member.id },
    })
  })
})

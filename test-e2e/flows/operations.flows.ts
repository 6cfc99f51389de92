import { it } from 'vitest'
import { replayDlq, waitForDeadLetter } from '../support/dead-letters.js'
import { e2eKafka } from '../support/kafka-groups.js'
import { expectStatus } from '../support/gateway-client.js'
import { waitFor } from '../support/wait.js'
import { deliver, standardWebhook, standardWebhooksSecret } from '../support/webhooks.js'
import type { World } from '../support/world.js'

/** What operators rely on: SLA escalation, dead-letter replay, secret rotation. */
export function operationsFlows(world: () => World): void {
  it('a lead nobody answers within its SLA is escalated to the department head by mail', async ({
    expect,
  }) => {
    const w = world()
    const email = w.email('waiting')
    const form = { name: 'Wyn Waiting', email, source: 'sla-check' }
    expectStatus(await w.admin.request('POST', '/api/v1/leads', form), 202, 'submit form')
    const lead = await w.leadFor(email, (l) => l.ownerId !== null)
    expect(lead.ownerId).toBe(w.users.supportAgent.id)
    const dueInMs = Date.parse(lead.slaDueAt ?? '') - Date.parse(lead.createdAt)
    expect(Math.round(dueInMs / 60_000)).toBe(1)

    const mail = await w.mailTo(w.users.supportHead.email, lead.id, 150_000)
    expect(mail.subject).toContain('Lead escalated')
  })

  it('a notification that failed into the dead-letter topic is delivered after a replay', async ({
    expect,
  }) => {
    const w = world()
    const { smtp, groups, kafkaBrokers } = w.stack
    const owner = w.users.flaky.email
    smtp.deferred.add(owner)
    const email = w.email('remote')
    const form = { name: 'Rey Remote', email, source: 'remote-form' }
    expectStatus(await w.admin.request('POST', '/api/v1/leads', form), 202, 'submit form')
    const lead = await w.leadFor(email, (l) => l.ownerId !== null)
    expect(lead.ownerId).toBe(w.users.flaky.id)

    const error = await waitForDeadLetter(e2eKafka(kafkaBrokers), groups.mailer, lead.id)
    expect(error).toContain('mail not sent')
    expect(smtp.attempts.get(owner)).toBeGreaterThanOrEqual(2)
    expect(smtp.mailsTo(owner)).toHaveLength(0)

    smtp.deferred.delete(owner)
    const { replayed } = await replayDlq(kafkaBrokers, groups.mailer)
    expect(replayed).toBeGreaterThanOrEqual(1)
    const mail = await w.mailTo(owner, lead.id)
    expect(mail.subject).toContain('New lead assigned to you')
  })

  it('a rotated Standard Webhooks secret applies at once, without a restart', async ({ expect }) => {
    const w = world()
    const ingest = w.stack.services['webhook-ingest']
    const pid = ingest.pid
    const before = w.email('partner-before')
    const oldSecret = w.secrets.rotating
    const lead = (id: string, secret: string, email: string) =>
      standardWebhook('rotating', secret, id, { type: 'lead.submitted', data: { name: 'Pat', email } })
    const first = await deliver(ingest.url, lead(`msg_${w.stack.run}_r1`, oldSecret, before))
    expect(first).toEqual({ status: 200, body: { status: 'accepted' } })

    const newSecret = standardWebhooksSecret(`rotating-${w.stack.run}-second`)
    const settings = { enabled: true, secret: newSecret, defaultLeadSource: 'partner' }
    await w.settings.putProvider('inbound/rotating', settings)
    let probe = 0
    await waitFor('the old secret to be refused', async () => {
      const id = `msg_${w.stack.run}_probe${probe++}`
      const probeRequest = standardWebhook('rotating', oldSecret, id, { type: 'rotation.probe', data: {} })
      return (await deliver(ingest.url, probeRequest)).status === 401
    })
    const after = w.email('partner-after')
    const second = await deliver(ingest.url, lead(`msg_${w.stack.run}_r2`, newSecret, after))
    expect(second).toEqual({ status: 200, body: { status: 'accepted' } })

    expect(await w.leadFor(before)).toMatchObject({ source: 'partner', email: before })
    expect(await w.leadFor(after)).toMatchObject({ source: 'partner', email: after })
    expect(ingest.running()).toBe(true)
    expect(ingest.pid).toBe(pid)
  })
}

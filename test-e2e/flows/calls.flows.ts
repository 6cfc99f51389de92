import { it } from 'vitest'
import { deliver, onlinePbxCall, standardWebhook, zadarmaCallStart } from '../support/webhooks.js'
import type { World } from '../support/world.js'

const callStart = () => new Date().toISOString().slice(0, 19).replace('T', ' ')

/** Telephony: every provider's call event becomes one owned lead. */
export function callFlows(world: () => World): void {
  it('a Zadarma call becomes a lead with an owner, and the owner gets a mail', async ({ expect }) => {
    const w = world()
    const phone = w.phone()
    const call = { pbxCallId: `in_${w.stack.run}_a`, callerId: phone.slice(1), calledDid: '74950000001' }
    const sent = await deliver(
      w.stack.ingestUrl,
      zadarmaCallStart(w.secrets.zadarma, { ...call, callStart: callStart() }),
    )
    expect(sent).toEqual({ status: 200, body: { status: 'accepted' } })

    const lead = await w.leadFor(phone, (l) => l.ownerId !== null)
    expect(lead).toMatchObject({ source: 'call', status: 'new', phoneE164: phone })
    expect(lead.ownerId).toBe(w.users.sales.id)
    expect(lead.slaDueAt).not.toBeNull()
    const mail = await w.mailTo(w.users.sales.email, lead.id)
    expect(mail.subject).toContain('New lead assigned to you')
  })

  it('the same Zadarma call delivered again creates no second lead', async ({ expect }) => {
    const w = world()
    const phone = w.phone()
    const call = {
      pbxCallId: `in_${w.stack.run}_b`,
      callerId: phone.slice(1),
      calledDid: '74950000001',
      callStart: callStart(),
    }
    await deliver(w.stack.ingestUrl, zadarmaCallStart(w.secrets.zadarma, call))
    const lead = await w.leadFor(phone, (l) => l.ownerId !== null)
    await w.mailTo(w.users.sales.email, lead.id)

    const again = await deliver(w.stack.ingestUrl, zadarmaCallStart(w.secrets.zadarma, call))
    expect(again).toEqual({ status: 200, body: { status: 'duplicate' } })
    // A later call from the same caller is handled after anything the repeat could have caused.
    const later = { ...call, pbxCallId: `in_${w.stack.run}_c`, callStart: callStart() }
    await deliver(w.stack.ingestUrl, zadarmaCallStart(w.secrets.zadarma, later))
    const joined = await w.leadFor(phone, (l) => l.updatedAt !== lead.updatedAt)

    expect(joined.id).toBe(lead.id)
    expect(await w.admin.leads(phone)).toHaveLength(1)
    const mails = w.stack.smtp.mailsTo(w.users.sales.email).filter((m) => m.subject.includes(lead.id))
    expect(mails).toHaveLength(1)
  })

  it('an OnlinePBX call event becomes a lead', async ({ expect }) => {
    const w = world()
    const phone = w.phone()
    const body = {
      domain: 'acme.onpbx.ru',
      event: 'call_start',
      direction: 'inbound',
      uuid: `opbx-${w.stack.run}`,
      caller: phone,
      callee: '100',
      gateway: '74950000002',
      date: Math.floor(Date.now() / 1000),
    }
    expect(await deliver(w.stack.ingestUrl, onlinePbxCall(w.secrets.onlinepbx, body))).toEqual({
      status: 200,
      body: { status: 'accepted' },
    })
    const wrongToken = await deliver(w.stack.ingestUrl, onlinePbxCall('not-the-token-0000000000', body))
    expect(wrongToken.status).toBe(401)

    const lead = await w.leadFor(phone, (l) => l.ownerId !== null)
    expect(lead).toMatchObject({ source: 'call', phoneE164: phone, ownerId: w.users.sales.id })
  })

  it('a Standard Webhooks call.received becomes a lead', async ({ expect }) => {
    const w = world()
    const phone = w.phone()
    const request = standardWebhook('pbx', w.secrets.pbx, `msg_${w.stack.run}_call`, {
      type: 'call.received',
      data: { caller: phone, calledDid: '74950000003', direction: 'inbound' },
    })
    expect(await deliver(w.stack.ingestUrl, request)).toEqual({
      status: 200,
      body: { status: 'accepted' },
    })
    const lead = await w.leadFor(phone, (l) => l.ownerId !== null)
    expect(lead).toMatchObject({ source: 'call', phoneE164: phone, ownerId: w.users.sales.id })
  })
}

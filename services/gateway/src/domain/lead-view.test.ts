import { fixtures } from '@leadflow/contracts'
import { describe, expect, it } from 'vitest'
import { leadSchema } from '../routes/leads-read.route.js'
import { leadView, leadViewOfEvent, newestPerLead } from './lead-view.js'

describe('lead views', () => {
  it('store the public fields of a LeadChanged event as the API answers them', () => {
    const event = fixtures.leadChanged({ firstResponseAt: new Date('2025-03-14T09:30:00.000Z') })
    const view = leadViewOfEvent(event)
    expect(view.version).toBe(event.version)
    expect(JSON.parse(view.doc)).toEqual({
      id: event.leadId,
      status: event.status,
      source: event.source,
      contactId: event.contactId,
      phoneE164: event.phoneE164,
      email: null,
      name: event.name,
      ownerId: event.ownerId,
      departmentId: event.departmentId,
      slaDueAt: '2025-03-14T09:41:54.000Z',
      firstResponseAt: '2025-03-14T09:30:00.000Z',
      createdAt: '2025-03-14T09:26:54.000Z',
      updatedAt: '2025-03-14T09:26:54.200Z',
    })
  })

  it("hold exactly the fields of the API's Lead schema, in its order (the list sends them as they are)", () => {
    const doc = JSON.parse(leadViewOfEvent(fixtures.leadChanged()).doc) as object
    expect(Object.keys(doc)).toEqual(Object.keys(leadSchema.properties))
  })

  it('never carry a field outside the public schema', () => {
    const internal = {
      ...leadViewOfEvent(fixtures.leadChanged()).lead,
      sourceEventId: 'zadarma:in_1:NOTIFY_START',
      lastTouchAt: '2025-03-14T09:26:54.000Z',
      version: 7,
    }
    const doc = JSON.parse(leadView(internal, 7).doc) as object
    expect(Object.keys(doc)).not.toContain('sourceEventId')
    expect(Object.keys(doc)).not.toContain('lastTouchAt')
    expect(Object.keys(doc)).not.toContain('version')
  })

  it('keep the highest version of each lead in a batch, whatever the order', () => {
    const first = fixtures.leadChanged({ version: 3, status: 'qualified' })
    const same = (version: number, status: string) => leadViewOfEvent({ ...first, version, status })
    const other = leadViewOfEvent(fixtures.leadChanged({ version: 1 }))
    const newest = newestPerLead([same(2, 'contacted'), same(3, 'qualified'), other, same(1, 'new')])
    expect(newest.map((v) => [v.lead.id, v.version, v.lead.status])).toEqual([
      [first.leadId, 3, 'qualified'],
      [other.lead.id, 1, other.lead.status],
    ])
  })
})

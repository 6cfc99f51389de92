import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createAvroType, schemaFingerprint } from './avro-type.js'
import { checkSchemas } from './compat.js'
import {
  allContracts,
  callReceivedV1,
  contactUpsertedV1,
  emailReceivedV1,
  leadAssignedV1,
  leadChangedV1,
  leadCreatedV1,
  leadEscalatedV1,
  leadSubmittedV1,
  mailFailedV1,
  mailSentV1,
  paymentReceivedV1,
  sendEmailRequestedV1,
} from './contracts.js'
import { fixtures } from './fixtures.js'
import { loadSchemaTree } from './schema-files.js'
import { Topics, topicNamePattern } from './topics.js'

const tree = loadSchemaTree(join(import.meta.dirname, '..', 'schemas'))

// Each contract with its fixture factory; typed loosely on purpose so one table covers all events.
const withFixtures: ReadonlyArray<[string, (typeof allContracts)[number], () => object]> = [
  ['callReceivedV1', callReceivedV1, () => fixtures.callReceived()],
  ['paymentReceivedV1', paymentReceivedV1, () => fixtures.paymentReceived()],
  ['leadSubmittedV1', leadSubmittedV1, () => fixtures.leadSubmitted()],
  ['emailReceivedV1', emailReceivedV1, () => fixtures.emailReceived()],
  ['contactUpsertedV1', contactUpsertedV1, () => fixtures.contactUpserted()],
  ['leadCreatedV1', leadCreatedV1, () => fixtures.leadCreated()],
  ['leadAssignedV1', leadAssignedV1, () => fixtures.leadAssigned()],
  ['leadEscalatedV1', leadEscalatedV1, () => fixtures.leadEscalated()],
  ['leadChangedV1', leadChangedV1, () => fixtures.leadChanged()],
  ['sendEmailRequestedV1', sendEmailRequestedV1, () => fixtures.sendEmailRequested()],
  ['mailSentV1', mailSentV1, () => fixtures.mailSent()],
  ['mailFailedV1', mailFailedV1, () => fixtures.mailFailed()],
]

describe('the committed schemas', () => {
  it('pass every compatibility check', () => {
    expect(tree.problems).toEqual([])
    expect(checkSchemas(tree.subjects)).toEqual([])
  })

  it('each belong to exactly one contract, which embeds the current schema and its history', () => {
    const contractBySchema = tree.subjects.map((subject) =>
      allContracts.filter((c) => JSON.stringify(c.schema) === JSON.stringify(subject.current)),
    )
    expect(contractBySchema.map((matches) => matches.length)).toEqual(tree.subjects.map(() => 1))
    tree.subjects.forEach((subject, i) => {
      expect(contractBySchema[i]?.[0]?.history).toEqual(subject.history)
    })
    expect(allContracts).toHaveLength(tree.subjects.length)
  })
})

describe('contracts', () => {
  it('cover every topic once, each named <owner>.<entity>.<past-tense>.v<major>', () => {
    const topics = allContracts.map((c) => c.topic)
    expect([...topics].sort()).toEqual(Object.values(Topics).sort())
    for (const topic of topics) expect(topic).toMatch(topicNamePattern)
  })

  it('use the record name as the event type, unique across contracts', () => {
    for (const contract of allContracts) {
      expect(createAvroType(contract.schema).name).toBe(`io.leadflow.events.${contract.type}`)
    }
    expect(new Set(allContracts.map((c) => c.type)).size).toBe(allContracts.length)
  })

  it('list the current schema last in their history, findable by fingerprint', () => {
    for (const contract of allContracts) {
      expect(contract.history[contract.history.length - 1]).toEqual(contract.schema)
      const fingerprint = schemaFingerprint(contract.schema)
      expect(contract.history.some((schema) => schemaFingerprint(schema) === fingerprint)).toBe(true)
    }
  })

  it('key a call by the caller, so one caller stays in order', () => {
    const call = fixtures.callReceived({ callerE164: '+442079460111' })
    expect(callReceivedV1.key(call)).toBe('+442079460111')
    expect(callReceivedV1.eventId(call)).toBe(call.eventId)
  })

  it('key a payment by the lower-cased customer e-mail, else by the payment id', () => {
    const withEmail = fixtures.paymentReceived({ customerEmail: ' Anna.Schmidt@Example.com' })
    const anonymous = fixtures.paymentReceived({ customerEmail: null, paymentId: 'pi_3Abc' })
    expect(paymentReceivedV1.key(withEmail)).toBe('anna.schmidt@example.com')
    expect(paymentReceivedV1.key(anonymous)).toBe('pi_3Abc')
  })

  it('key an e-mail by the lower-cased sender and lead events by the lead', () => {
    expect(emailReceivedV1.key(fixtures.emailReceived({ fromAddress: 'Priya.Patel@Example.com' }))).toBe(
      'priya.patel@example.com',
    )
    const created = fixtures.leadCreated()
    expect(leadCreatedV1.key(created)).toBe(created.leadId)
    expect(leadAssignedV1.key(fixtures.leadAssigned({ leadId: created.leadId }))).toBe(created.leadId)
    expect(leadEscalatedV1.key(fixtures.leadEscalated({ leadId: created.leadId }))).toBe(created.leadId)
  })
})

describe('fixtures', () => {
  it.each(withFixtures)(
    '%s: a fixture encodes and decodes unchanged through the contract type',
    (_, contract, make) => {
      const type = createAvroType(contract.schema)
      const event = make()
      expect(type.isValid(event)).toBe(true)
      const decoded: unknown = type.fromBuffer(type.toBuffer(event))
      expect(decoded).toEqual(event)
      expect(contract.key(event as never)).not.toBe('')
      expect(contract.eventId(event as never)).toBe((event as { eventId: string }).eventId)
    },
  )

  it('give fresh ids on every call and apply overrides', () => {
    const first = fixtures.leadSubmitted()
    const second = fixtures.leadSubmitted({ channel: 'api', email: null })
    expect(second.submissionId).not.toBe(first.submissionId)
    expect(second.eventId).not.toBe(first.eventId)
    expect(second).toMatchObject({ channel: 'api', email: null, source: first.source })
  })

  it('share no mutable collections between calls', () => {
    const first = fixtures.sendEmailRequested()
    first.to.push('someone@example.com')
    first.variables['extra'] = 'x'
    const second = fixtures.sendEmailRequested()
    expect(second.to).toEqual(['owner@leadflow.example.com'])
    expect(second.variables).not.toHaveProperty('extra')
  })
})

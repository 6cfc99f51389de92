import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import type { ContactJson } from '../src/routes/json-schemas.js'
import {
  buildContacts,
  collectContactEvents,
  createDb,
  freshDatabase,
  serviceToken,
  waitFor,
} from './contacts-harness.js'

describe('ContactUpserted through the transactional outbox', () => {
  let databaseUrl: string
  let db: PrismaClient
  beforeAll(async () => {
    databaseUrl = await freshDatabase()
    db = createDb(databaseUrl)
  })
  afterAll(() => db?.$disconnect())

  it('keeps an event committed with its contact when the process dies before publishing, and publishes it once after restart', async () => {
    const collector = await collectContactEvents()
    try {
      // First process: answers the request (contact and event commit together), then dies
      // before its relay ever runs.
      const crashed = await buildContacts(databaseUrl)
      const email = `outbox-${randomUUID()}@example.org`
      const response = await crashed.http.inject({
        method: 'POST',
        url: '/internal/v1/contacts/resolve',
        headers: { authorization: `Bearer ${serviceToken}` },
        payload: { email, name: 'Survivor' },
      })
      expect(response.statusCode).toBe(200)
      const contact = response.json<{ contact: ContactJson }>().contact
      await crashed.stop()
      expect(await db.outboxMessage.count()).toBe(1)
      expect(collector.events.some((e) => e.contactId === contact.id)).toBe(false)

      // After a restart the relay publishes what was pending.
      const restarted = await buildContacts(databaseUrl)
      await restarted.start()
      try {
        const event = await waitFor(() => collector.events.find((e) => e.contactId === contact.id))
        expect(event).toMatchObject({ change: 'created', email, name: 'Survivor' })
        await waitFor(async () => (await restarted.outbox.depth()) === 0)
        expect(collector.events.filter((e) => e.contactId === contact.id)).toHaveLength(1)
      } finally {
        await restarted.stop()
      }
    } finally {
      await collector.stop()
    }
  })
})

/**
 * The internal (service-to-service) APIs of all six services, attacked without the service
 * credential: every route answers the same 401 problem+json (code `unauthorized`), before any
 * validation or lookup, and nothing is written.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGateway, type Gateway } from '../../services/gateway/test/gateway-harness.js'
import {
  freshDatabase as ingestDatabase,
  startIngest,
  type Ingest,
} from '../../services/webhook-ingest/test/ingest-harness.js'
import { newDatabase, startContacts, startRouter, token } from '../../services/lead-router/test/harness.js'
import {
  newDatabase as mailerDatabase,
  startMailer,
} from '../../services/mailer/test/support/mailer-harness.js'
import {
  freshDatabaseUrl as pollerDatabase,
  startPoller,
  type RunningPoller,
} from '../../services/imap-poller/test/poller-harness.js'
import {
  constantPart,
  send,
  wrongCredentials,
  type Answer,
  type Route,
} from './internal-apis-attack-support.js'

const id = randomUUID()
const routes: Record<string, Route[]> = {
  gateway: [
    ['GET', `/internal/v1/users/${id}`],
    ['GET', '/internal/v1/users/not-a-uuid'],
  ],
  'webhook-ingest': [
    ['GET', '/internal/v1/providers'],
    ['GET', '/internal/v1/providers/stripe'],
    ['PUT', '/internal/v1/providers/stripe', { enabled: true, secret: 'whsec_attacker', allowAnyIp: true }],
    ['PUT', '/internal/v1/providers/inbound/evil', { enabled: true, secret: 'whsec_attacker' }],
    ['PUT', '/internal/v1/providers/zadarma', { nonsense: true }],
    ['GET', '/internal/v1/webhook-events?limit=200'],
    ['GET', `/internal/v1/webhook-events/${id}`],
    ['POST', '/internal/v1/webhook-events/replay', { ids: [id] }],
  ],
  contacts: [
    ['GET', '/internal/v1/contacts'],
    ['GET', `/internal/v1/contacts/${id}`],
    ['POST', '/internal/v1/contacts', { name: 'Intruder', email: 'intruder@example.com' }],
    ['PATCH', `/internal/v1/contacts/${id}`, { name: 'Intruder' }],
    ['DELETE', `/internal/v1/contacts/${id}`],
    ['POST', '/internal/v1/contacts/resolve', {}],
    ['POST', '/internal/v1/contacts/merge', { keepId: id, mergeId: id }],
    ['GET', '/internal/v1/companies'],
  ],
  'lead-router': [
    ['GET', '/internal/v1/leads'],
    ['GET', `/internal/v1/leads/${id}`],
    ['PATCH', `/internal/v1/leads/${id}`, { status: 'won', actorId: id }],
    ['POST', `/internal/v1/leads/${id}/assign`, { ownerId: id }],
    ['GET', `/internal/v1/leads/${id}/timeline`],
    ['POST', '/internal/v1/departments', { name: 'Intruders' }],
    ['PUT', `/internal/v1/departments/${id}/members/${id}`, {}],
    ['POST', '/internal/v1/routing-rules', { priority: 1, match: {}, ownerId: id }],
    ['GET', '/internal/v1/lead-sources'],
    ['GET', '/internal/v1/leads/not-a-uuid'],
  ],
  mailer: [
    ['GET', '/internal/v1/campaigns'],
    ['POST', '/internal/v1/campaigns', { name: 'Spam', template: 'x', recipients: ['a@example.com'] }],
    ['POST', `/internal/v1/campaigns/${id}/start`],
    ['GET', '/internal/v1/accounts'],
    ['GET', '/internal/v1/suppressions'],
    ['DELETE', '/internal/v1/suppressions/victim@example.com'],
    ['POST', '/internal/v1/subscriptions', { email: 'victim@example.com' }],
  ],
  'imap-poller': [
    ['GET', '/internal/v1/mailboxes'],
    ['POST', '/internal/v1/mailboxes', { host: 'evil.example', user: 'x', password: 'y' }],
    ['GET', `/internal/v1/mailboxes/${id}/status`],
    ['PATCH', `/internal/v1/mailboxes/${id}`, { enabled: false }],
    ['DELETE', `/internal/v1/mailboxes/${id}`],
  ],
}

describe('internal APIs refuse callers without the service credential', () => {
  const bases: Record<string, string> = {}
  let gw: Gateway
  let ingest: Ingest
  let contacts: Awaited<ReturnType<typeof startContacts>>
  let router: Awaited<ReturnType<typeof startRouter>>
  let mailer: Awaited<ReturnType<typeof startMailer>>
  let poller: RunningPoller

  beforeAll(async () => {
    gw = await startGateway({ INTERNAL_API_TOKEN: token })
    ingest = await startIngest(await ingestDatabase())
    contacts = await startContacts()
    router = await startRouter({
      databaseUrl: await newDatabase(),
      contactsUrl: contacts.url,
      groupId: `internal-attacks-${randomUUID()}`,
    })
    mailer = await startMailer((await mailerDatabase()).url, {})
    poller = await startPoller(await pollerDatabase())
    Object.assign(bases, {
      gateway: gw.url,
      'webhook-ingest': ingest.url,
      contacts: contacts.url,
      'lead-router': router.url,
      mailer: mailer.url,
      'imap-poller': poller.url,
    })
  }, 240_000)
  afterAll(async () => {
    await Promise.allSettled([gw?.stop(), ingest?.stop(), mailer?.stop(), poller?.app.stop()])
    await router?.app.stop()
    await contacts?.app.stop()
  })

  it.each(Object.keys(routes))(
    '%s: every internal route answers the same 401 to every wrong credential',
    async (service) => {
      const answers: Answer[] = []
      for (const route of routes[service]!)
        for (const [what, headers] of wrongCredentials) {
          const answer = await send(bases[service]!, route, headers)
          expect(
            { status: answer.status, code: answer.body.code },
            `${route[0]} ${route[1]} with ${what}`,
          ).toEqual({
            status: 401,
            code: 'unauthorized',
          })
          expect(answer.type).toContain('application/problem+json')
          answers.push(answer)
        }
      // Constant across routes and credentials: nothing tells a prober which routes or ids exist.
      expect(new Set(answers.map((a) => JSON.stringify(constantPart(a)))).size).toBe(1)
    },
  )

  it('nothing was written by the refused calls', async () => {
    expect(await ingest.db.providerSetting.count()).toBe(0)
    expect(await router.db.department.count()).toBe(0)
    expect(await router.db.routingRule.count()).toBe(0)
    expect(await poller.db.mailbox.count()).toBe(0)
  })
})

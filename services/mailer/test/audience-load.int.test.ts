import { randomUUID } from 'node:crypto'
import { createLogger } from '@leadflow/telemetry'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadAudience } from '../src/campaigns/audience-loader.js'
import { createAudienceSource } from '../src/campaigns/audience-source.js'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import { newClient, newDatabase, serviceToken } from './support/mailer-harness.js'
import { json, startLocalHttp, type LocalHttp } from './support/local-http.js'

type Member = { email: string | null; name: string | null }

/** contacts' list API, paged by a numeric cursor, that can fail on one page like an outage would. */
function contactsPeer(members: Member[], state: { failAtPage: number | null }) {
  return startLocalHttp((path, _body, req, res) => {
    if (req.headers.authorization !== `Bearer ${serviceToken}`)
      return json(res, 401, { code: 'unauthorized' })
    const url = new URL(path, 'http://peer')
    const limit = Number(url.searchParams.get('limit'))
    const from = Number(url.searchParams.get('cursor') ?? 0)
    if (state.failAtPage === from / limit) {
      state.failAtPage = null
      return json(res, 503, { status: 503, code: 'unavailable', detail: 'down' })
    }
    const next = from + limit < members.length ? String(from + limit) : null
    json(res, 200, { data: members.slice(from, from + limit), nextCursor: next })
  })
}

describe('loading a campaign audience', () => {
  let db: PrismaClient
  let peer: LocalHttp
  const state = { failAtPage: 2 as number | null }
  const tag = randomUUID().slice(0, 8)
  const members: Member[] = [
    { email: `a@${tag}.example`, name: 'A' },
    { email: null, name: 'No mail' },
    { email: `B@${tag}.example`, name: 'B' },
    { email: `a@${tag}.EXAMPLE`, name: 'A twice' },
    { email: `c@${tag}.example`, name: 'C' },
    { email: `d@${tag}.example`, name: 'D' },
    { email: null, name: 'No mail either' },
  ]

  beforeAll(async () => {
    db = newClient((await newDatabase()).url)
    peer = await contactsPeer(members, state)
  })
  afterAll(async () => {
    await peer?.close()
    await db?.$disconnect()
  })

  it('an outage mid-load leaves the campaign unloaded; loading again adds each address once', async () => {
    const campaign = await db.campaign.create({
      data: {
        name: tag,
        template: 'campaign',
        status: 'running',
        audience: { contacts: { q: tag } },
        recipients: { create: [{ email: `d@${tag}.example` }] }, // listed by hand too
      },
    })
    const deps = {
      db,
      source: createAudienceSource({
        contactsUrl: peer.url,
        leadRouterUrl: 'http://127.0.0.1:1',
        token: serviceToken,
        pageSize: 2,
      }),
      logger: createLogger({ service: 'mailer-test', level: 'silent' }),
    }
    await expect(loadAudience(deps, campaign)).rejects.toThrow(/503/)
    const afterOutage = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })
    expect(afterOutage.audienceLoadedAt).toBeNull()
    expect(await db.campaignRecipient.count({ where: { campaignId: campaign.id } })).toBe(3) // d, a, b

    expect(await loadAudience(deps, afterOutage)).toBe(true)
    const rows = await db.campaignRecipient.findMany({
      where: { campaignId: campaign.id },
      orderBy: { email: 'asc' },
    })
    expect(rows.map((r) => [r.email, r.variables])).toEqual([
      [`a@${tag}.example`, { name: 'A' }],
      [`b@${tag}.example`, { name: 'B' }],
      [`c@${tag}.example`, { name: 'C' }],
      [`d@${tag}.example`, {}],
    ])
    const loaded = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })
    expect(loaded.audienceLoadedAt).not.toBeNull()
    expect(loaded.audienceSkipped).toBe(2)
    // Once loaded, a later tick does not read the audience again.
    const requests = peer.requests.length
    expect(await loadAudience(deps, loaded)).toBe(true)
    expect(peer.requests.length).toBe(requests)
  })
})

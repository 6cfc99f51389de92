import { createInternalClient } from '@leadflow/http'
import type { Audience } from '../routes/campaign.schemas.js'

/** One contact or lead of an audience: who to mail, and the name the template may greet. */
export interface AudienceMember {
  email: string | null
  name: string | null
}

export interface AudienceSource {
  /** Every member matching the audience, page by page, contacts first, then leads. */
  members(audience: Audience, signal?: AbortSignal): AsyncGenerator<AudienceMember[]>
}

export interface AudienceSourceOptions {
  contactsUrl: string
  leadRouterUrl: string
  token: string
  pageSize?: number
  timeoutMs?: number
}

interface Page {
  data: AudienceMember[]
  nextCursor: string | null
}

type Query = Record<string, string | number | boolean | undefined>

/**
 * Reads audiences from contacts' and lead-router's internal list APIs with the service token,
 * following their cursors in creation order (members created meanwhile land on later pages).
 */
export function createAudienceSource(options: AudienceSourceOptions): AudienceSource {
  const { token, pageSize = 200, timeoutMs = 15_000 } = options
  const contacts = createInternalClient({ baseUrl: options.contactsUrl, token, timeoutMs })
  const leads = createInternalClient({ baseUrl: options.leadRouterUrl, token, timeoutMs })

  async function* pages(
    client: typeof contacts,
    path: string,
    filters: Query,
    signal?: AbortSignal,
  ): AsyncGenerator<AudienceMember[]> {
    let cursor: string | undefined
    do {
      signal?.throwIfAborted()
      const page = await client.get<Page>(path, { ...filters, limit: pageSize, sort: 'createdAt', cursor })
      yield page.data.map((m) => ({ email: m.email ?? null, name: m.name ?? null }))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
  }

  return {
    async *members(audience, signal) {
      if (audience.contacts) yield* pages(contacts, '/internal/v1/contacts', { ...audience.contacts }, signal)
      if (audience.leads) yield* pages(leads, '/internal/v1/leads', { ...audience.leads }, signal)
    },
  }
}

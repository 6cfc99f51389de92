import { createSecretBox } from '@leadflow/crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDatabaseUrl, startPoller, type RunningPoller } from './poller-harness.js'

describe('internal mailbox API', () => {
  let poller: RunningPoller

  beforeAll(async () => {
    const url = await freshDatabaseUrl()
    // Mailboxes here point at a closed port and are disabled: only the API is under test.
    poller = await startPoller(url, { IMAP_MAILBOX_REFRESH_MS: '60000' })
  })
  afterAll(() => poller?.app.stop())

  const mailbox = (name: string) => ({
    name,
    host: '127.0.0.1',
    port: 1,
    secure: false,
    username: `${name}@example.test`,
    password: 'top-secret-password',
    enabled: false,
  })

  it('refuses every call without the service credential', async () => {
    const response = await fetch(`${poller.url}/internal/v1/mailboxes`)
    expect(response.status).toBe(401)
    expect(response.headers.get('content-type')).toContain('application/problem+json')
  })

  it('creates a mailbox with its password sealed at rest and masked on read', async () => {
    const created = await poller.api('POST', '/internal/v1/mailboxes', {
      ...mailbox('alpha'),
      alertRecipients: ['ops@example.test'],
    })
    expect(created.status).toBe(201)
    const view = created.body as Record<string, unknown>
    expect(view).toMatchObject({
      name: 'alpha',
      password: '********',
      oauth: null,
      folders: ['INBOX'],
      enabled: false,
      authType: 'password',
      alertRecipients: ['ops@example.test'],
    })
    expect(JSON.stringify(view)).not.toContain('top-secret-password')
    expect(view).not.toHaveProperty('passwordEnc')

    const row = await poller.db.mailbox.findUniqueOrThrow({ where: { id: view.id as string } })
    expect(row.passwordEnc).not.toContain('top-secret-password')
    expect(createSecretBox('insecure-dev-data-encryption-key').decrypt(row.passwordEnc ?? '')).toBe(
      'top-secret-password',
    )

    const read = await poller.api('GET', `/internal/v1/mailboxes/${view.id as string}`)
    expect(read.body).toEqual(view)
  })

  it('stores OAuth2 settings with the refresh token sealed and masked', async () => {
    const created = await poller.api('POST', '/internal/v1/mailboxes', {
      ...mailbox('oauth'),
      password: undefined,
      authType: 'xoauth2',
      oauth: {
        tokenUrl: 'https://login.example.test/token',
        clientId: 'client-1',
        refreshToken: 'refresh-xyz',
      },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      authType: 'xoauth2',
      password: null,
      oauth: {
        tokenUrl: 'https://login.example.test/token',
        clientId: 'client-1',
        clientSecret: null,
        refreshToken: '********',
      },
    })
  })

  it('validates input with problem+json field errors', async () => {
    const bad = await poller.api('POST', '/internal/v1/mailboxes', {
      name: '',
      host: 'x',
      port: 70000,
      username: 'u',
    })
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ code: 'validation_failed', status: 400 })
    const noPassword = await poller.api('POST', '/internal/v1/mailboxes', {
      ...mailbox('nopass'),
      password: undefined,
    })
    expect(noPassword.status).toBe(400)
    expect(noPassword.body).toMatchObject({ code: 'missing_credentials' })
    const taken = await poller.api('POST', '/internal/v1/mailboxes', mailbox('alpha'))
    expect(taken.status).toBe(409)
    expect(taken.body).toMatchObject({ code: 'mailbox_name_taken' })
  })

  it('updates, lists with a cursor, reports status and deletes', async () => {
    const ids: string[] = []
    for (const name of ['list-1', 'list-2', 'list-3']) {
      ids.push(
        ((await poller.api('POST', '/internal/v1/mailboxes', mailbox(name))).body as { id: string }).id,
      )
    }
    const patched = await poller.api('PATCH', `/internal/v1/mailboxes/${ids[0]}`, {
      folders: ['INBOX', 'Leads'],
    })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ folders: ['INBOX', 'Leads'], password: '********' })

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2'
      const page = await poller.api('GET', `/internal/v1/mailboxes${query}`)
      expect(page.status).toBe(200)
      const body = page.body as { data: { id: string }[]; nextCursor: string | null }
      expect(body.data.length).toBeLessThanOrEqual(2)
      seen.push(...body.data.map((entry) => entry.id))
      cursor = body.nextCursor
    } while (cursor)
    expect(seen).toEqual(expect.arrayContaining(ids))
    expect(new Set(seen).size).toBe(seen.length)
    expect((await poller.api('GET', '/internal/v1/mailboxes?cursor=garbage')).status).toBe(400)

    const status = await poller.api('GET', `/internal/v1/mailboxes/${ids[1]}/status`)
    expect(status.body).toEqual({
      mailboxId: ids[1],
      enabled: false,
      lastSyncAt: null,
      lastError: null,
      messagesReceived: 0,
      folders: [],
    })

    expect((await poller.api('DELETE', `/internal/v1/mailboxes/${ids[2]}`)).status).toBe(204)
    const gone = await poller.api('GET', `/internal/v1/mailboxes/${ids[2]}`)
    expect(gone.status).toBe(404)
    expect(gone.body).toMatchObject({ code: 'mailbox_not_found' })
    expect((await poller.api('GET', '/internal/v1/mailboxes/not-a-uuid')).status).toBe(400)
  })
})

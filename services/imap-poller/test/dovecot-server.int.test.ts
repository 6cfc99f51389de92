import { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDovecot, type DovecotServer } from './dovecot-server.js'

describe('the test dovecot server', () => {
  let server: DovecotServer
  beforeAll(async () => {
    server = await startDovecot({ 'smoke@example.test': 'secret' })
  })
  afterAll(() => server.stop())

  it('accepts a login and an append, and lists the message', async () => {
    const client = new ImapFlow({
      host: server.host,
      port: server.port,
      secure: false,
      auth: { user: 'smoke@example.test', pass: 'secret' },
      logger: false,
    })
    await client.connect()
    try {
      await client.append('INBOX', 'From: a@example.test\r\nSubject: hi\r\n\r\nhello\r\n')
      const status = await client.status('INBOX', { messages: true })
      expect(status.messages).toBe(1)
    } finally {
      await client.logout()
    }
  })
})

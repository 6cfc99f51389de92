import { describe, expect, it } from 'vitest'
import { maskedSecret, toMailboxView, type StoredMailbox } from './mailbox-view.js'

const stored: StoredMailbox = {
  id: 'f2c1',
  name: 'sales',
  host: 'imap.example.test',
  port: 993,
  secure: true,
  authType: 'xoauth2',
  username: 'sales@example.test',
  passwordEnc: null,
  oauthTokenUrl: 'https://login.example.test/token',
  oauthClientId: 'client',
  oauthClientSecretEnc: 'v1.sealed',
  oauthRefreshTokenEnc: 'v1.sealed',
  folders: ['INBOX'],
  enabled: true,
  alertRecipients: [],
  lastError: null,
  lastErrorType: null,
  lastErrorAt: null,
  lastSyncAt: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
}

describe('toMailboxView', () => {
  it('masks every stored secret and never returns ciphertext', () => {
    const view = toMailboxView(stored)
    expect(view.password).toBeNull()
    expect(view.oauth).toEqual({
      tokenUrl: 'https://login.example.test/token',
      clientId: 'client',
      clientSecret: maskedSecret,
      refreshToken: maskedSecret,
    })
    expect(JSON.stringify(view)).not.toContain('v1.sealed')
  })
})

/** What a stored secret looks like on read: never the value, only that one is set. */
export const maskedSecret = '********'

export interface StoredMailbox {
  id: string
  name: string
  host: string
  port: number
  secure: boolean
  authType: string
  username: string
  passwordEnc: string | null
  oauthTokenUrl: string | null
  oauthClientId: string | null
  oauthClientSecretEnc: string | null
  oauthRefreshTokenEnc: string | null
  folders: string[]
  enabled: boolean
  alertRecipients: string[]
  lastError: string | null
  lastErrorType: string | null
  lastErrorAt: Date | null
  lastSyncAt: Date | null
  createdAt: Date
  updatedAt: Date
}

const mask = (sealed: string | null) => (sealed === null ? null : maskedSecret)

/** A mailbox as the internal API shows it: secrets masked, everything else as stored. */
export function toMailboxView(mailbox: StoredMailbox) {
  return {
    id: mailbox.id,
    name: mailbox.name,
    host: mailbox.host,
    port: mailbox.port,
    secure: mailbox.secure,
    authType: mailbox.authType,
    username: mailbox.username,
    password: mask(mailbox.passwordEnc),
    oauth:
      mailbox.oauthTokenUrl && mailbox.oauthClientId
        ? {
            tokenUrl: mailbox.oauthTokenUrl,
            clientId: mailbox.oauthClientId,
            clientSecret: mask(mailbox.oauthClientSecretEnc),
            refreshToken: mask(mailbox.oauthRefreshTokenEnc),
          }
        : null,
    folders: mailbox.folders,
    enabled: mailbox.enabled,
    alertRecipients: mailbox.alertRecipients,
    lastError: mailbox.lastError,
    lastErrorType: mailbox.lastErrorType,
    lastErrorAt: mailbox.lastErrorAt?.toISOString() ?? null,
    lastSyncAt: mailbox.lastSyncAt?.toISOString() ?? null,
    createdAt: mailbox.createdAt.toISOString(),
    updatedAt: mailbox.updatedAt.toISOString(),
  }
}

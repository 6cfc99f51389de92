import type { SecretBox } from '@leadflow/crypto'
import type { Logger, Metrics } from '@leadflow/telemetry'
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js'
import type { PrismaClient, SenderAccount } from '../generated/prisma/client.js'
import type { TokenProvider } from './oauth-token.js'

/** An account ready to send with: where it connects and how it authenticates. */
export interface SendingAccount {
  /** null for the development account from `SMTP_URL`. */
  id: string | null
  name: string
  fromAddress: string
  dailyCap: number | null
  windowStartMinute: number | null
  windowEndMinute: number | null
  /** IANA zone of the send window and of the day the daily cap counts. */
  timezone: string
  transportOptions(): Promise<SMTPTransport.Options>
}

export type AccountLookup = { account: SendingAccount } | { unavailable: string }

export interface AccountStoreOptions {
  db: PrismaClient
  box: SecretBox
  tokens: TokenProvider
  logger: Logger
  metrics: Metrics
  smtpUrl: string | undefined
  mailFrom: string
  timeoutMs: number
}

export interface AccountStore {
  /** The account to send with: `accountId`, else the default account, else `SMTP_URL`. */
  resolve(accountId: string | null): Promise<AccountLookup>
  /** An account that failed authentication is disabled with a reason, not retried forever. */
  disable(account: SendingAccount, reason: string): Promise<void>
}

export function createAccountStore(options: AccountStoreOptions): AccountStore {
  const { db, box, tokens, logger, metrics, smtpUrl, mailFrom, timeoutMs } = options
  const disabledTotal = metrics.counter({
    name: 'mailer_account_disabled_total',
    help: 'Sender accounts disabled after an authentication failure',
    labelNames: ['account'],
  })
  const timeouts = { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs }

  function fromRow(row: SenderAccount): SendingAccount {
    return {
      id: row.id,
      name: row.name,
      fromAddress: row.fromAddress,
      dailyCap: row.dailyCap,
      windowStartMinute: row.windowStartMinute,
      windowEndMinute: row.windowEndMinute,
      timezone: row.timezone,
      async transportOptions() {
        const base = { host: row.host, port: row.port, secure: row.secure, ...timeouts }
        if (row.authType === 'none') return base
        if (row.authType === 'password')
          return {
            ...base,
            auth: { user: row.username ?? '', pass: row.passwordEnc ? box.decrypt(row.passwordEnc) : '' },
          }
        const accessToken = await tokens.accessToken(`${row.id}:${row.updatedAt.getTime()}`, {
          tokenUrl: row.oauthTokenUrl ?? '',
          clientId: row.oauthClientId ?? '',
          clientSecret: row.oauthClientSecretEnc ? box.decrypt(row.oauthClientSecretEnc) : '',
          refreshToken: row.oauthRefreshTokenEnc ? box.decrypt(row.oauthRefreshTokenEnc) : '',
        })
        return { ...base, auth: { type: 'OAuth2', user: row.username ?? '', accessToken } }
      },
    }
  }

  function fromEnv(url: string): SendingAccount {
    const parsed = new URL(url)
    const secure = parsed.protocol === 'smtps:'
    const auth = parsed.username
      ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) }
      : undefined
    const options: SMTPTransport.Options = {
      host: parsed.hostname,
      port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
      secure,
      ...timeouts,
      ...(auth ? { auth } : {}),
    }
    return {
      id: null,
      name: 'env',
      fromAddress: mailFrom,
      dailyCap: null,
      windowStartMinute: null,
      windowEndMinute: null,
      timezone: 'UTC',
      transportOptions: () => Promise.resolve(options),
    }
  }

  return {
    async resolve(accountId) {
      const row = accountId
        ? await db.senderAccount.findUnique({ where: { id: accountId } })
        : await db.senderAccount.findFirst({ where: { isDefault: true, enabled: true } })
      if (accountId && !row) return { unavailable: `sender account ${accountId} does not exist` }
      if (row && !row.enabled) return { unavailable: `sender account ${row.name} is disabled` }
      if (row) return { account: fromRow(row) }
      if (smtpUrl) return { account: fromEnv(smtpUrl) }
      return { unavailable: 'no sender account configured' }
    },
    async disable(account, reason) {
      disabledTotal.inc({ account: account.name })
      logger.error({ accountId: account.id, account: account.name, reason }, 'sender account disabled')
      if (account.id === null) return
      await db.senderAccount.update({
        where: { id: account.id },
        data: { enabled: false, disabledReason: reason.slice(0, 500), disabledAt: new Date() },
      })
    },
  }
}

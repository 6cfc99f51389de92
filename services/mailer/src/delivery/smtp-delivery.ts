import type { Logger, Metrics } from '@leadflow/telemetry'
import { createTransport } from 'nodemailer'
import { backoffDelay, sleep } from '../domain/backoff.js'
import {
  classifySmtpError,
  describeSmtpError,
  isHardBounce,
  type FailureKind,
  type SmtpErrorLike,
} from '../domain/smtp-failure.js'
import type { AccountStore, SendingAccount } from './account-store.js'

export interface OutgoingMail {
  to: string[]
  subject: string
  text: string
  html: string
  headers?: Record<string, string>
  /** A fixed Message-ID, so a re-sent copy is recognisable as the same mail. */
  messageId?: string
}

export type DeliveryResult =
  | { ok: true; messageId: string; attempts: number }
  | { ok: false; kind: FailureKind; reason: string; attempts: number; hardBounce: string[] }

export interface MailDelivery {
  /** Sends over SMTP, retrying transient failures with backoff; disables an account failing auth. */
  deliver(account: SendingAccount, mail: OutgoingMail, signal?: AbortSignal): Promise<DeliveryResult>
}

export interface DeliveryOptions {
  accounts: AccountStore
  logger: Logger
  metrics: Metrics
  attempts: number
  retryBaseMs: number
}

async function sendOnce(account: SendingAccount, mail: OutgoingMail): Promise<string> {
  const transport = createTransport(await account.transportOptions())
  try {
    const info = await transport.sendMail({
      from: account.fromAddress,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      ...(mail.headers ? { headers: mail.headers } : {}),
      ...(mail.messageId ? { messageId: mail.messageId } : {}),
    })
    return info.messageId
  } finally {
    transport.close()
  }
}

export function createMailDelivery(options: DeliveryOptions): MailDelivery {
  const { accounts, logger, metrics, attempts: maxAttempts, retryBaseMs } = options
  const attemptsTotal = metrics.counter({
    name: 'mailer_smtp_attempts_total',
    help: 'SMTP send attempts by outcome (sent, transient, permanent, auth)',
    labelNames: ['outcome'],
  })
  return {
    async deliver(account, mail, signal) {
      for (let attempt = 1; ; attempt++) {
        try {
          const messageId = await sendOnce(account, mail)
          attemptsTotal.inc({ outcome: 'sent' })
          return { ok: true, messageId, attempts: attempt }
        } catch (raw) {
          const err = raw as SmtpErrorLike
          const kind = classifySmtpError(err)
          const reason = describeSmtpError(err)
          attemptsTotal.inc({ outcome: kind })
          const rejected = (raw as { rejected?: unknown }).rejected
          const hardBounce = isHardBounce(err)
            ? Array.isArray(rejected) && rejected.length > 0
              ? rejected.map(String)
              : mail.to
            : []
          if (kind === 'auth') {
            await accounts.disable(account, `authentication failed: ${reason}`)
            return { ok: false, kind, reason, attempts: attempt, hardBounce }
          }
          if (kind === 'permanent' || attempt >= maxAttempts || signal?.aborted)
            return { ok: false, kind, reason, attempts: attempt, hardBounce }
          const delay = backoffDelay(attempt, retryBaseMs)
          logger.warn({ attempt, delay, reason, account: account.name }, 'smtp send failed, retrying')
          await sleep(delay, signal)
        }
      }
    },
  }
}

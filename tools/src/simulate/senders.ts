import { ImapFlow } from 'imapflow'
import type { HttpRequest } from './delivery.js'
import type { Outcome } from './stats.js'

/** Sends one webhook and classifies the answer as webhook-ingest gives it. */
export async function sendWebhook(request: HttpRequest, timeoutMs = 10_000): Promise<Outcome> {
  const started = performance.now()
  try {
    const res = await fetch(request.url, { ...request.init, signal: AbortSignal.timeout(timeoutMs) })
    const text = await res.text()
    const latencyMs = performance.now() - started
    if (res.status === 200) {
      const status = (JSON.parse(text) as { status?: string }).status
      if (status === 'accepted' || status === 'duplicate') return { verdict: status, status: 200, latencyMs }
      return { verdict: 'error', error: `200 with an unexpected body: ${text.slice(0, 100)}` }
    }
    return { verdict: 'refused', status: res.status, latencyMs }
  } catch (err) {
    return {
      verdict: 'error',
      error: err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err),
    }
  }
}

export interface MailboxTarget {
  host: string
  port: number
  secure: boolean
  user: string
  pass: string
  folder: string
}

/** `imap://user:pass@host:port/INBOX` (imaps:// for TLS) as a mailbox target. */
export function parseImapUrl(text: string): MailboxTarget {
  const url = new URL(text)
  if (url.protocol !== 'imap:' && url.protocol !== 'imaps:')
    throw new Error('--imap must be an imap:// or imaps:// URL')
  const secure = url.protocol === 'imaps:'
  return {
    host: url.hostname,
    port: Number(url.port || (secure ? 993 : 143)),
    secure,
    user: decodeURIComponent(url.username),
    pass: decodeURIComponent(url.password),
    folder: decodeURIComponent(url.pathname.slice(1)) || 'INBOX',
  }
}

/** One IMAP session that appends mails to the watched folder, as a mail server delivers them. */
export async function openMailbox(target: MailboxTarget) {
  const client = new ImapFlow({
    host: target.host,
    port: target.port,
    secure: target.secure,
    auth: { user: target.user, pass: target.pass },
    logger: false,
  })
  await client.connect()
  return {
    async append(raw: string): Promise<Outcome> {
      const started = performance.now()
      try {
        const res = await client.append(target.folder, raw)
        if (!res) return { verdict: 'error', error: 'APPEND was not confirmed' }
        return { verdict: 'appended', latencyMs: performance.now() - started }
      } catch (err) {
        return { verdict: 'error', error: err instanceof Error ? err.message : String(err) }
      }
    },
    close: () => client.logout(),
  }
}

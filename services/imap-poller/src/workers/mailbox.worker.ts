import type { Logger } from '@leadflow/telemetry'
import { ImapFlow } from 'imapflow'
import { reconnectDelay } from '../domain/backoff.js'
import { imapErrorType } from '../domain/imap-error-type.js'
import type { PrismaClient } from '../generated/prisma/client.js'
import type { ImapAuthProvider } from '../imap/imap-auth.js'
import { syncFolder } from '../imap/folder-sync.js'
import type { AlertNotifier } from './alert-notifier.js'
import type { MailboxLeases } from './mailbox-lease.js'
import type { PollerMetrics } from './poller-metrics.js'

export interface WorkerSettings {
  pollIntervalMs: number
  leaseTtlMs: number
  reconnect: { initialMs: number; maxMs: number }
  connectTimeoutMs: number
}

export interface WorkerDeps {
  db: PrismaClient
  logger: Logger
  metrics: PollerMetrics
  leases: MailboxLeases
  auth: ImapAuthProvider
  reportFailure: AlertNotifier
  onEmitted: () => void
  settings: WorkerSettings
}

export interface MailboxWorker {
  stop(): Promise<void>
}

/** Resolves after `ms`, or earlier when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}

/** Settles with `work`, or rejects as soon as `signal` aborts (a pending IMAP login ignores close()). */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => undefined)
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(Object.assign(new Error('mailbox worker stopped'), { code: 'ESTOPPED' }))
    if (signal.aborted) return abort()
    signal.addEventListener('abort', abort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort))
  })
}

/** Waits for new mail announced while idling (EXISTS), the poll interval, a closed connection or stop. */
function waitForMail(client: ImapFlow, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const wake = new AbortController()
    const done = () => {
      client.off('exists', done)
      client.off('close', done)
      signal.removeEventListener('abort', done)
      wake.abort()
      resolve()
    }
    client.on('exists', done)
    client.on('close', done)
    signal.addEventListener('abort', done, { once: true })
    void sleep(ms, wake.signal).then(done)
  })
}

/**
 * Polls one mailbox for as long as it runs: holds the mailbox's lease, keeps one IMAP session
 * (reading every folder, then idling until new mail or the poll interval), and after a failure
 * reports it and reconnects with exponential backoff. A failure here never touches other mailboxes.
 */
export function startMailboxWorker(mailboxId: string, deps: WorkerDeps): MailboxWorker {
  const { db, logger, leases, settings } = deps
  const log = logger.child({ mailboxId })
  const stopping = new AbortController()
  let client: ImapFlow | undefined

  async function session(): Promise<void> {
    const mailbox = await db.mailbox.findUnique({ where: { id: mailboxId } })
    if (!mailbox?.enabled) return
    const imap = new ImapFlow({
      host: mailbox.host,
      port: mailbox.port,
      secure: mailbox.secure,
      auth: await deps.auth.credentials(mailbox),
      logger: false,
      connectionTimeout: settings.connectTimeoutMs,
      greetingTimeout: settings.connectTimeoutMs,
      autoIdleDelay: 1000,
    })
    imap.on('error', (err: unknown) => log.debug({ err }, 'imap connection error'))
    client = imap
    try {
      await unlessAborted(imap.connect(), stopping.signal)
      let failing = mailbox.lastError !== null
      while (!stopping.signal.aborted) {
        if (!(await leases.acquire(mailboxId))) {
          log.info('mailbox lease lost, stopping session')
          return
        }
        for (const folder of mailbox.folders) {
          if (stopping.signal.aborted) return
          await syncFolder(imap, mailboxId, folder, {
            db,
            logger: log,
            metrics: deps.metrics,
            onEmitted: deps.onEmitted,
          })
        }
        await db.mailbox.updateMany({
          where: { id: mailboxId },
          data: failing
            ? { lastSyncAt: new Date(), lastError: null, lastErrorType: null }
            : { lastSyncAt: new Date() },
        })
        failing = false
        log.debug({ idling: imap.idling }, 'waiting for mail')
        await waitForMail(imap, Math.min(settings.pollIntervalMs, settings.leaseTtlMs / 3), stopping.signal)
        log.debug({ usable: imap.usable }, 'woken')
        if (!imap.usable && !stopping.signal.aborted)
          throw Object.assign(new Error('connection closed'), { code: 'EConnectionClosed' })
      }
    } finally {
      client = undefined
      if (imap.usable) await imap.logout().catch(() => undefined)
      imap.close()
    }
  }

  async function run(): Promise<void> {
    let failures = 0
    while (!stopping.signal.aborted) {
      try {
        if (!(await leases.acquire(mailboxId))) {
          await sleep(settings.leaseTtlMs / 3, stopping.signal)
          continue
        }
        await session()
        failures = 0
        if (!stopping.signal.aborted) await sleep(settings.pollIntervalMs, stopping.signal)
      } catch (err) {
        if (stopping.signal.aborted) break
        failures += 1
        const type = imapErrorType(err)
        if (type === 'auth') deps.auth.invalidate(mailboxId)
        const mailbox = await db.mailbox.findUnique({ where: { id: mailboxId } }).catch(() => null)
        if (mailbox) {
          await deps
            .reportFailure({ mailbox, type, message: err instanceof Error ? err.message : String(err) })
            .catch((reportErr: unknown) => log.error({ err: reportErr }, 'could not record mailbox failure'))
        }
        const delay = reconnectDelay(failures, settings.reconnect)
        log.info({ failures, retryInMs: delay, errorType: type }, 'mailbox session failed, reconnecting')
        await sleep(delay, stopping.signal)
      }
    }
    await leases
      .release(mailboxId)
      .catch((err: unknown) => log.warn({ err }, 'could not release mailbox lease'))
  }

  const loop = run()
  return {
    async stop() {
      stopping.abort()
      client?.close()
      await loop
    },
  }
}

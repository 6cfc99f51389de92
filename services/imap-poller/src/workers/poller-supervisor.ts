import type { Logger } from '@leadflow/telemetry'
import type { PrismaClient } from '../generated/prisma/client.js'
import { startMailboxWorker, type MailboxWorker, type WorkerDeps } from './mailbox.worker.js'

export interface PollerSupervisor {
  start(): void
  /** Re-reads the mailbox list now (after a mailbox was created, changed or deleted). */
  refresh(): Promise<void>
  stop(): Promise<void>
}

/** What a session is built from; sync bookkeeping (last error, last sync) is not part of it. */
const settings = {
  host: true,
  port: true,
  secure: true,
  authType: true,
  username: true,
  passwordEnc: true,
  oauthTokenUrl: true,
  oauthClientId: true,
  oauthClientSecretEnc: true,
  oauthRefreshTokenEnc: true,
  folders: true,
} as const

interface Running {
  worker: MailboxWorker
  /** The mailbox's connection settings when the worker started: a change restarts the worker. */
  version: string
}

/**
 * Keeps one worker per enabled mailbox: starts workers for new mailboxes, restarts them when a
 * mailbox's settings change, and stops them for disabled or deleted ones.
 */
export function createPollerSupervisor(
  deps: WorkerDeps & { refreshMs: number; logger: Logger; db: PrismaClient },
): PollerSupervisor {
  const { db, logger, refreshMs, metrics } = deps
  const workers = new Map<string, Running>()
  let timer: NodeJS.Timeout | undefined
  let running = false
  let refreshing: Promise<void> = Promise.resolve()

  async function reconcile(): Promise<void> {
    const mailboxes = await db.mailbox.findMany({
      where: { enabled: true },
      select: { id: true, ...settings },
    })
    const wanted = new Map(mailboxes.map((mailbox) => [mailbox.id, JSON.stringify(mailbox)]))
    const stops: Promise<void>[] = []
    for (const [id, current] of workers) {
      if (wanted.get(id) === current.version) continue
      workers.delete(id)
      stops.push(current.worker.stop())
    }
    await Promise.all(stops)
    if (!running) return
    for (const [id, version] of wanted) {
      if (!workers.has(id)) workers.set(id, { worker: startMailboxWorker(id, deps), version })
    }
    metrics.activeWorkers.set(workers.size)
  }

  function refresh(): Promise<void> {
    refreshing = refreshing.then(reconcile).catch((err: unknown) => {
      logger.warn({ err }, 'could not read the mailbox list')
    })
    return refreshing
  }

  function schedule() {
    timer = setTimeout(() => {
      void refresh().then(() => {
        if (running) schedule()
      })
    }, refreshMs)
  }

  return {
    start() {
      if (running) return
      running = true
      void refresh()
      schedule()
    },
    refresh,
    async stop() {
      running = false
      clearTimeout(timer)
      await refreshing
      await Promise.all([...workers.values()].map((entry) => entry.worker.stop()))
      workers.clear()
      metrics.activeWorkers.set(0)
    },
  }
}

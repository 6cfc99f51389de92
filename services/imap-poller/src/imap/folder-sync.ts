import { emailReceivedV1 } from '@leadflow/contracts'
import { outboxMessage } from '@leadflow/outbox'
import type { Logger } from '@leadflow/telemetry'
import type { FetchMessageObject, ImapFlow } from 'imapflow'
import { simpleParser } from 'mailparser'
import { toEmailReceived } from '../domain/email-event.js'
import type { PrismaClient } from '../generated/prisma/client.js'
import type { PollerMetrics } from '../workers/poller-metrics.js'

export interface FolderSyncDeps {
  db: PrismaClient
  logger: Logger
  metrics: PollerMetrics
  /** Called after a transaction that wrote outbox rows committed. */
  onEmitted: () => void
}

const fetchChunk = 25

/**
 * Reads the messages of one folder that are newer than its cursor and turns each into one
 * EmailReceived. Per message, one transaction stores the dedup row, the outbox row and the
 * cursor, so a crash at any point neither loses nor repeats an event. A UIDVALIDITY change
 * starts the folder over; the per-mailbox Message-ID dedup keeps that free of duplicates.
 */
export async function syncFolder(
  client: ImapFlow,
  mailboxId: string,
  folder: string,
  { db, logger, metrics, onEmitted }: FolderSyncDeps,
): Promise<number> {
  await dropStaleSelection(client, folder)
  const lock = await client.getMailboxLock(folder, { readOnly: true })
  try {
    const selected = client.mailbox
    if (!selected) throw new Error(`folder ${folder} is not selected`)
    const uidValidity = selected.uidValidity
    const cursor = await db.syncCursor.findUnique({ where: { mailboxId_folder: { mailboxId, folder } } })
    let highestUid = cursor?.highestUid ?? 0n
    if (cursor && cursor.uidValidity !== uidValidity) {
      logger.warn(
        { mailboxId, folder, from: cursor.uidValidity, to: uidValidity },
        'uidvalidity changed, resyncing folder',
      )
      metrics.resyncs.inc()
      highestUid = 0n
    }
    const modSeq = selected.highestModseq ?? null
    await db.syncCursor.upsert({
      where: { mailboxId_folder: { mailboxId, folder } },
      create: { mailboxId, folder, uidValidity, highestUid, highestModSeq: modSeq, lastSyncAt: new Date() },
      update: { uidValidity, highestUid, highestModSeq: modSeq, lastSyncAt: new Date() },
    })

    const found = await client.search({ uid: `${highestUid + 1n}:*` }, { uid: true })
    const uids = (found || []).filter((uid) => BigInt(uid) > highestUid).sort((a, b) => a - b)
    let emitted = 0
    for (let start = 0; start < uids.length; start += fetchChunk) {
      const chunk = uids.slice(start, start + fetchChunk)
      const messages = await client.fetchAll(
        chunk,
        { uid: true, source: true, internalDate: true },
        { uid: true },
      )
      messages.sort((a, b) => a.uid - b.uid)
      let emittedHere = 0
      for (const message of messages) {
        const isNew = await storeMessage(message, { mailboxId, folder, uidValidity, db })
        metrics.messages.inc({ outcome: isNew ? 'emitted' : 'duplicate' })
        if (isNew) emittedHere += 1
      }
      if (emittedHere > 0) onEmitted()
      emitted += emittedHere
    }
    if (uids.length > 0) logger.info({ mailboxId, folder, fetched: uids.length, emitted }, 'folder synced')
    return emitted
  } finally {
    lock.release()
  }
}

/**
 * A folder that stayed selected (for IDLE) keeps the view of its SELECT, which a deleted and
 * recreated folder does not refresh: close it, so the lock selects it afresh with the current
 * UIDVALIDITY.
 */
async function dropStaleSelection(client: ImapFlow, folder: string): Promise<void> {
  if (client.mailbox && client.mailbox.path === folder) await client.mailboxClose()
}

interface StoreContext {
  mailboxId: string
  folder: string
  uidValidity: bigint
  db: PrismaClient
}

/** One message: dedup row + outbox row + cursor in one transaction; false when already seen. */
async function storeMessage(message: FetchMessageObject, at: StoreContext): Promise<boolean> {
  const parsed = await simpleParser(message.source ?? Buffer.alloc(0), { skipImageLinks: true })
  const internalDate = message.internalDate ? new Date(message.internalDate) : null
  const { event, dedupKey } = toEmailReceived(parsed, {
    mailboxId: at.mailboxId,
    folder: at.folder,
    uidValidity: Number(at.uidValidity),
    uid: message.uid,
    internalDate: internalDate && !Number.isNaN(internalDate.getTime()) ? internalDate : null,
  })
  return at.db.$transaction(async (tx) => {
    const inserted = await tx.receivedMessage.createMany({
      data: [
        {
          mailboxId: at.mailboxId,
          messageId: dedupKey,
          folder: at.folder,
          uidValidity: at.uidValidity,
          uid: BigInt(message.uid),
          eventId: event.eventId,
          kind: event.kind,
          receivedAt: event.receivedAt,
        },
      ],
      skipDuplicates: true,
    })
    if (inserted.count === 1) await tx.outboxMessage.create({ data: outboxMessage(emailReceivedV1, event) })
    await tx.syncCursor.update({
      where: { mailboxId_folder: { mailboxId: at.mailboxId, folder: at.folder } },
      data: { highestUid: BigInt(message.uid), lastSyncAt: new Date() },
    })
    return inserted.count === 1
  })
}

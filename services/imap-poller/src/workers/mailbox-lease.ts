import type { PrismaClient } from '../generated/prisma/client.js'

/**
 * One replica at a time polls a mailbox. A lease row names its holder and expires unless
 * renewed; a replica takes a mailbox whose lease is free or expired, and renews its own.
 */
export interface MailboxLeases {
  /** Takes or renews the lease; false when another replica holds it. */
  acquire(mailboxId: string): Promise<boolean>
  release(mailboxId: string): Promise<void>
}

export function createMailboxLeases(db: PrismaClient, holder: string, ttlMs: number): MailboxLeases {
  return {
    async acquire(mailboxId) {
      const rows = await db.$queryRaw<{ holder: string }[]>`
        INSERT INTO mailbox_leases (mailbox_id, holder, expires_at)
        VALUES (${mailboxId}::uuid, ${holder}, now() + ${ttlMs} * interval '1 millisecond')
        ON CONFLICT (mailbox_id) DO UPDATE
          SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
          WHERE mailbox_leases.holder = EXCLUDED.holder OR mailbox_leases.expires_at < now()
        RETURNING holder`
      return rows.length === 1
    },
    async release(mailboxId) {
      await db.$executeRaw`
        DELETE FROM mailbox_leases WHERE mailbox_id = ${mailboxId}::uuid AND holder = ${holder}`
    },
  }
}

import type { Logger } from '@leadflow/telemetry'
import { audit } from '../audit/audit.js'
import { hashPassword } from '../domain/password.js'
import type { PrismaClient } from '../generated/prisma/client.js'

export interface BootstrapAdmin {
  email?: string | undefined
  password?: string | undefined
  cost: number
}

/** On a start with no users at all, creates the first admin from the configured credentials. */
export async function bootstrapAdmin(db: PrismaClient, admin: BootstrapAdmin, log: Logger): Promise<void> {
  if (!admin.email || !admin.password) {
    if ((await db.user.count()) === 0) log.warn('no users and no bootstrap admin configured')
    return
  }
  const email = admin.email.trim().toLowerCase()
  const passwordHash = await hashPassword(admin.password, admin.cost)
  // One transaction-scoped advisory lock, so replicas starting together create one admin.
  const created = await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('gateway-bootstrap-admin'))`)
    if ((await tx.user.count()) > 0) return null
    const user = await tx.user.create({ data: { email, name: 'Administrator', passwordHash, role: 'admin' } })
    await audit(tx, null, {
      action: 'user.bootstrap',
      targetType: 'user',
      targetId: user.id,
      after: { email, role: 'admin' },
    })
    return user
  })
  if (created) log.info({ userId: created.id }, 'bootstrap admin created')
}

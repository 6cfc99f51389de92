import { randomUUID } from 'node:crypto'
import type { Logger } from '@leadflow/telemetry'
import { lockLead, useSchema, type Db, type Tx } from '../db/transaction.js'
import { pickDepartmentMember } from '../routing/assign-owner.js'
import { emitLeadEscalated, emitLeadsChanged } from '../routing/lead-events.js'

export interface SlaLoopOptions {
  db: Db
  schema: string
  logger: Logger
  tickMs: number
  claimSeconds: number
  /** Called after escalations were queued in the outbox. */
  onEventsQueued: () => void
  batchSize?: number
}

export interface SlaLoop {
  start(): void
  /** Claims and fires every lapsed timer now; resolves with how many fired. */
  tick(): Promise<number>
  stop(): Promise<void>
}

/**
 * Fires each lapsed first-response timer exactly once, across restarts and replicas: a timer is
 * claimed (SKIP LOCKED, with a lease that expires if the replica dies), then fired in one
 * transaction that sets `fired_at` and queues LeadEscalated.
 */
export function createSlaLoop(options: SlaLoopOptions): SlaLoop {
  const { db, schema, logger, tickMs, claimSeconds, batchSize = 100 } = options
  const replica = `lead-router:${randomUUID()}`
  let timer: NodeJS.Timeout | undefined
  let running = false
  let current: Promise<number> = Promise.resolve(0)

  async function claim(): Promise<string[]> {
    return db.$transaction(async (tx) => {
      await useSchema(tx, schema)
      const rows = await tx.$queryRaw<{ id: string }[]>`
        UPDATE sla_timers SET claimed_by = ${replica},
          claimed_until = now() + make_interval(secs => ${claimSeconds})
        WHERE id IN (
          SELECT id FROM sla_timers
          WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= now()
            AND (claimed_until IS NULL OR claimed_until < now())
          ORDER BY due_at LIMIT ${batchSize}
          FOR UPDATE SKIP LOCKED)
        RETURNING id::text`
      return rows.map((r) => r.id)
    })
  }

  async function fire(tx: Tx, timerId: string): Promise<boolean> {
    const target = await tx.slaTimer.findUnique({ where: { id: timerId }, select: { leadId: true } })
    if (!target || !(await lockLead(tx, schema, target.leadId))) return false
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM sla_timers
      WHERE id = ${timerId}::uuid AND claimed_by = ${replica} AND fired_at IS NULL AND cancelled_at IS NULL
      FOR UPDATE`
    if (locked.length === 0) return false
    const slaTimer = await tx.slaTimer.findUniqueOrThrow({ where: { id: timerId }, include: { lead: true } })
    const { lead } = slaTimer
    const now = new Date()
    await tx.slaTimer.update({ where: { id: timerId }, data: { firedAt: now, claimedUntil: null } })
    if (lead.status !== 'new' || lead.firstResponseAt) return false
    const department = lead.departmentId
      ? await tx.department.findUnique({ where: { id: lead.departmentId } })
      : null
    const toOwnerId = lead.departmentId
      ? await pickDepartmentMember(tx, lead.departmentId, lead.ownerId ? [lead.ownerId] : [])
      : null
    const notifyUserIds = [department?.headUserId, lead.ownerId, toOwnerId].filter(
      (id, i, all): id is string => typeof id === 'string' && all.indexOf(id) === i,
    )
    if (toOwnerId) {
      await emitLeadsChanged(tx, [
        await tx.lead.update({ where: { id: lead.id }, data: { ownerId: toOwnerId } }),
      ])
    }
    await emitLeadEscalated(
      tx,
      {
        leadId: lead.id,
        fromOwnerId: lead.ownerId,
        toOwnerId: toOwnerId ?? lead.ownerId,
        departmentId: lead.departmentId,
        notifyUserIds,
        slaDueAt: slaTimer.dueAt,
        escalatedAt: now,
        action: toOwnerId ? 'reassign' : 'notify',
      },
      `lead-router:escalated:${timerId}`,
    )
    logger.info({ leadId: lead.id, fromOwnerId: lead.ownerId, toOwnerId }, 'lead escalated')
    return true
  }

  async function tick(): Promise<number> {
    let fired = 0
    for (;;) {
      const ids = await claim()
      for (const id of ids) {
        if (await db.$transaction((tx) => fire(tx, id), { timeout: 30_000 })) fired++
      }
      if (ids.length < batchSize) break
    }
    if (fired > 0) options.onEventsQueued()
    return fired
  }

  function run(): Promise<number> {
    current = current.then(tick).catch((err: unknown) => {
      logger.warn({ err }, 'SLA tick failed, will retry')
      return 0
    })
    return current
  }

  function schedule(): void {
    if (!running) return
    timer = setTimeout(() => void run().finally(schedule), tickMs)
  }

  return {
    start() {
      running = true
      schedule()
    },
    tick: run,
    async stop() {
      running = false
      if (timer) clearTimeout(timer)
      await current
    },
  }
}

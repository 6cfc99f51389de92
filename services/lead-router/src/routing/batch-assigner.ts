import { openStatuses } from '../domain/lead-status.js'
import { pickOwner, type MemberLoad } from '../domain/pick-owner.js'
import { pickRule, ruleMatchSchema, type RoutingFacts } from '../domain/routing-rule.js'
import type { Tx } from '../db/transaction.js'
import type { Assignment } from './assign-owner.js'

/** What a new lead is routed by: its facts and its source's department. */
export interface AssignmentRequest {
  facts: RoutingFacts
  sourceDepartmentId: string | null
}

/**
 * Assignment for many new leads in one transaction, with the same rules as `assignNewLead`:
 * rule overrides, then the department's active member with the fewest open leads (ties by
 * longest idle). Members are locked once per department (in id order, so concurrent batches
 * wait instead of deadlocking) and their loads kept in memory, so a lead assigned earlier in
 * the batch counts for the next pick. `flush()` records when each chosen member was last
 * assigned. The transaction must have the service schema on its search_path.
 */
export async function createBatchAssigner(tx: Tx, expected: readonly AssignmentRequest[]) {
  const rules = (await tx.routingRule.findMany({ where: { active: true } })).flatMap((rule) => {
    const match = ruleMatchSchema.safeParse(rule.match)
    return match.success ? [{ ...rule, match: match.data }] : []
  })
  const loads = new Map<string, MemberLoad[]>()
  const assignedHere = new Map<string, number>()
  const lastAssigned = new Map<string, { departmentId: string; userId: string; at: Date }>()
  let clock = 0
  const tick = (): Date => {
    clock = Math.max(Date.now(), clock + 1)
    return new Date(clock)
  }

  const departmentOf = ({ facts, sourceDepartmentId }: AssignmentRequest) => {
    const rule = pickRule(rules, facts)
    return { rule, departmentId: rule?.departmentId ?? sourceDepartmentId }
  }

  async function load(departmentId: string): Promise<MemberLoad[]> {
    const members = await tx.$queryRaw<{ user_id: string; last_assigned_at: Date | null }[]>`
      SELECT user_id::text, last_assigned_at FROM department_members
      WHERE department_id = ${departmentId}::uuid AND active
      ORDER BY user_id FOR UPDATE`
    const counts =
      members.length === 0
        ? []
        : await tx.lead.groupBy({
            by: ['ownerId'],
            where: { ownerId: { in: members.map((m) => m.user_id) }, status: { in: [...openStatuses] } },
            _count: { _all: true },
          })
    const memberLoads = members.map((m) => ({
      userId: m.user_id,
      lastAssignedAt: lastAssigned.get(`${departmentId}:${m.user_id}`)?.at ?? m.last_assigned_at,
      openLeads:
        (counts.find((c) => c.ownerId === m.user_id)?._count._all ?? 0) + (assignedHere.get(m.user_id) ?? 0),
    }))
    loads.set(departmentId, memberLoads)
    return memberLoads
  }

  function record(userId: string, departmentId: string | null): void {
    assignedHere.set(userId, (assignedHere.get(userId) ?? 0) + 1)
    for (const memberLoads of loads.values()) {
      for (const load of memberLoads) if (load.userId === userId) load.openLeads++
    }
    if (!departmentId) return
    const at = tick()
    lastAssigned.set(`${departmentId}:${userId}`, { departmentId, userId, at })
    const load = loads.get(departmentId)?.find((m) => m.userId === userId)
    if (load) load.lastAssignedAt = at
  }

  const toLock = new Set<string>()
  for (const request of expected) {
    const { rule, departmentId } = departmentOf(request)
    if (departmentId && !rule?.ownerId) toLock.add(departmentId)
  }
  for (const departmentId of [...toLock].sort()) await load(departmentId)

  return {
    async assign(request: AssignmentRequest): Promise<Assignment> {
      const { rule, departmentId } = departmentOf(request)
      if (rule?.ownerId) {
        record(rule.ownerId, departmentId)
        return { ownerId: rule.ownerId, departmentId, reason: 'rule' }
      }
      if (!departmentId) return { ownerId: null, departmentId: null, reason: 'unassigned' }
      const ownerId = pickOwner(loads.get(departmentId) ?? (await load(departmentId)))
      if (!ownerId) return { ownerId: null, departmentId, reason: 'unassigned' }
      record(ownerId, departmentId)
      return { ownerId, departmentId, reason: rule ? 'rule' : 'round_robin' }
    },
    async flush(): Promise<void> {
      if (lastAssigned.size === 0) return
      const rows = [...lastAssigned.values()]
      await tx.$executeRaw`UPDATE department_members SET last_assigned_at = v.at
        FROM unnest(${rows.map((r) => r.departmentId)}::uuid[], ${rows.map((r) => r.userId)}::uuid[],
          ${rows.map((r) => r.at.toISOString())}::timestamptz[]) AS v(department_id, user_id, at)
        WHERE department_members.department_id = v.department_id AND department_members.user_id = v.user_id`
    },
  }
}

import { pickOwner, type MemberLoad } from '../domain/pick-owner.js'
import { openStatuses } from '../domain/lead-status.js'
import { pickRule, ruleMatchSchema, type RoutingFacts } from '../domain/routing-rule.js'
import type { Tx } from '../db/transaction.js'

export type AssignReason = 'rule' | 'round_robin' | 'manual' | 'unassigned' | 'escalation'

export interface Assignment {
  ownerId: string | null
  departmentId: string | null
  reason: AssignReason
}

/**
 * Locks the department's active members (so two replicas never pick at once) and returns
 * the one with the fewest open leads, ties by longest idle; marks them as just assigned.
 * The transaction must have the service schema on its search_path.
 */
export async function pickDepartmentMember(
  tx: Tx,
  departmentId: string,
  exclude: readonly string[] = [],
): Promise<string | null> {
  const members = await tx.$queryRaw<{ user_id: string; last_assigned_at: Date | null }[]>`
    SELECT user_id::text, last_assigned_at FROM department_members
    WHERE department_id = ${departmentId}::uuid AND active
    ORDER BY user_id FOR UPDATE`
  if (members.length === 0) return null
  const counts = await tx.lead.groupBy({
    by: ['ownerId'],
    where: { ownerId: { in: members.map((m) => m.user_id) }, status: { in: [...openStatuses] } },
    _count: { _all: true },
  })
  const loads: MemberLoad[] = members.map((m) => ({
    userId: m.user_id,
    lastAssignedAt: m.last_assigned_at,
    openLeads: counts.find((c) => c.ownerId === m.user_id)?._count._all ?? 0,
  }))
  const ownerId = pickOwner(loads, exclude)
  if (ownerId) {
    await tx.departmentMember.update({
      where: { departmentId_userId: { departmentId, userId: ownerId } },
      data: { lastAssignedAt: new Date() },
    })
  }
  return ownerId
}

/** Routing for a new lead: rule overrides first, then the source's department. */
export async function assignNewLead(
  tx: Tx,
  facts: RoutingFacts,
  sourceDepartmentId: string | null,
): Promise<Assignment> {
  const rules = await tx.routingRule.findMany({ where: { active: true } })
  const parsed = rules.flatMap((rule) => {
    const match = ruleMatchSchema.safeParse(rule.match)
    return match.success ? [{ ...rule, match: match.data }] : []
  })
  const rule = pickRule(parsed, facts)
  const departmentId = rule?.departmentId ?? sourceDepartmentId
  if (rule?.ownerId) {
    if (departmentId) {
      await tx.departmentMember.updateMany({
        where: { departmentId, userId: rule.ownerId },
        data: { lastAssignedAt: new Date() },
      })
    }
    return { ownerId: rule.ownerId, departmentId, reason: 'rule' }
  }
  if (!departmentId) return { ownerId: null, departmentId: null, reason: 'unassigned' }
  const ownerId = await pickDepartmentMember(tx, departmentId)
  if (!ownerId) return { ownerId: null, departmentId, reason: 'unassigned' }
  return { ownerId, departmentId, reason: rule ? 'rule' : 'round_robin' }
}

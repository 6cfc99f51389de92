/** One active department member with the load the choice depends on. */
export interface MemberLoad {
  userId: string
  openLeads: number
  lastAssignedAt: Date | null
}

/**
 * The member who gets the next lead: fewest open leads, ties broken by the longest idle
 * (never assigned first, then the oldest last assignment), then by user id for determinism.
 */
export function pickOwner(members: readonly MemberLoad[], exclude: readonly string[] = []): string | null {
  const candidates = members.filter((m) => !exclude.includes(m.userId))
  candidates.sort(
    (a, b) =>
      a.openLeads - b.openLeads ||
      (a.lastAssignedAt?.getTime() ?? -Infinity) - (b.lastAssignedAt?.getTime() ?? -Infinity) ||
      a.userId.localeCompare(b.userId),
  )
  return candidates[0]?.userId ?? null
}

import type { Principal } from '../auth/principal.js'

/** A campaign audience as the mailer takes it: contacts filters and/or leads filters. */
export interface CampaignAudience {
  contacts?: Record<string, unknown>
  leads?: { departmentId?: string } & Record<string, unknown>
}

export type AudienceDecision =
  { allowed: true; audience: CampaignAudience | null | undefined } | { allowed: false; reason: string }

/**
 * Who a caller may mail. Administrators: anyone. A department head: leads of their own
 * department only (the department filter is added when left out); the whole contact base
 * is for administrators. Explicit recipient lists are allowed to both.
 */
export function campaignAudienceFor(
  principal: Principal | null,
  audience: CampaignAudience | null | undefined,
): AudienceDecision {
  if (principal?.kind !== 'user') return { allowed: false, reason: 'Campaigns need a signed-in user' }
  if (principal.role === 'admin') return { allowed: true, audience }
  if (principal.role !== 'head') return { allowed: false, reason: 'Your role does not allow campaigns' }
  if (!audience) return { allowed: true, audience }
  if (audience.contacts) return { allowed: false, reason: 'Only administrators may mail the contact base' }
  if (!audience.leads) return { allowed: true, audience }
  if (!principal.departmentId) return { allowed: false, reason: 'You head no department' }
  const departmentId = audience.leads.departmentId ?? principal.departmentId
  if (departmentId !== principal.departmentId)
    return { allowed: false, reason: "Heads may mail only their own department's leads" }
  return { allowed: true, audience: { ...audience, leads: { ...audience.leads, departmentId } } }
}

/** Who may create and run campaigns: administrators and department heads. */
export function canRunCampaigns(principal: Principal | null): boolean {
  return principal?.kind === 'user' && (principal.role === 'admin' || principal.role === 'head')
}

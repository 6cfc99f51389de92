import type { Principal } from '../auth/principal.js'

export interface LeadScopeRequest {
  ownerId?: string | undefined
  departmentId?: string | undefined
}

export interface LeadRef {
  ownerId: string | null
  departmentId: string | null
}

/**
 * The filters a caller's lead list is held to: admins, read-only users and API keys with
 * `leads:read` see every lead; heads their department's; agents their own. Null = refused.
 */
export function leadListScope(principal: Principal, requested: LeadScopeRequest): LeadScopeRequest | null {
  if (principal.kind === 'api_key') return principal.scopes.includes('leads:read') ? requested : null
  switch (principal.role) {
    case 'admin':
    case 'readonly':
      return requested
    case 'head':
      if (!principal.departmentId) return null
      if (requested.departmentId && requested.departmentId !== principal.departmentId) return null
      return { ...requested, departmentId: principal.departmentId }
    case 'agent':
      if (requested.ownerId && requested.ownerId !== principal.id) return null
      return { ...requested, ownerId: principal.id }
  }
}

export function canReadLead(principal: Principal, lead: LeadRef): boolean {
  const scope = leadListScope(principal, {})
  if (!scope) return false
  if (scope.ownerId && lead.ownerId !== scope.ownerId) return false
  if (scope.departmentId && lead.departmentId !== scope.departmentId) return false
  return true
}

/** Changing a lead: admins any, heads their department's, agents their own; never read-only callers. */
export function canEditLead(principal: Principal, lead: LeadRef): boolean {
  if (principal.kind !== 'user' || principal.role === 'readonly') return false
  return canReadLead(principal, lead)
}

import type { Principal } from '../auth/principal.js'

/** What a caller may do with contacts and companies. */
export type CrmAction = 'read' | 'write' | 'curate'

/** Why a caller is refused, as the gateway's problem code; null = allowed. */
export type CrmRefusal = 'insufficient_role' | 'insufficient_scope' | null

/** The API-key scope each action needs; curating (merge, delete, restore) is for users only. */
const scopeFor: Record<CrmAction, readonly string[]> = {
  read: ['contacts:read', 'contacts:write'],
  write: ['contacts:write'],
  curate: [],
}

/**
 * Contacts and companies: every signed-in user reads; admins, heads and agents create and
 * edit; only admins and heads merge, delete and restore; read-only users never write. API
 * keys read with `contacts:read` and create/edit with `contacts:write`, and never curate.
 */
export function crmRefusal(principal: Principal, action: CrmAction): CrmRefusal {
  if (principal.kind === 'api_key') {
    const allowed = scopeFor[action]
    if (allowed.length === 0) return 'insufficient_role'
    return principal.scopes.some((scope) => allowed.includes(scope)) ? null : 'insufficient_scope'
  }
  switch (action) {
    case 'read':
      return null
    case 'write':
      return principal.role === 'readonly' ? 'insufficient_role' : null
    case 'curate':
      return principal.role === 'admin' || principal.role === 'head' ? null : 'insufficient_role'
  }
}

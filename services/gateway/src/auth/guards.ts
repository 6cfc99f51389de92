import type { AppError } from '@leadflow/http'
import type { FastifyRequest } from 'fastify'
import type { Role } from '../domain/access-token.js'
import { gatewayError } from '../errors.js'
import type { Principal } from './principal.js'

function userRefusal(principal: Principal | null, roles: readonly Role[]): AppError | null {
  if (!principal) return gatewayError('missing_credentials')
  if (principal.kind !== 'user')
    return gatewayError('insufficient_role', { message: 'This operation needs a user' })
  if (roles.length > 0 && !roles.includes(principal.role)) return gatewayError('insufficient_role')
  return null
}

function scopeRefusal(principal: Principal | null, scope: string): AppError | null {
  if (!principal) return gatewayError('missing_credentials')
  if (principal.kind === 'api_key' && !principal.scopes.includes(scope))
    return gatewayError('insufficient_scope')
  return null
}

/** preHandler: a signed-in user with one of `roles` (any role when empty). */
export function requireUser(...roles: Role[]) {
  return function userGuard(request: FastifyRequest): Promise<void> {
    const refusal = userRefusal(request.principal, roles)
    return refusal ? Promise.reject(refusal) : Promise.resolve()
  }
}

/** preHandler: an API key holding `scope`, or any signed-in user. */
export function requireScopeOrUser(scope: string) {
  return function scopeGuard(request: FastifyRequest): Promise<void> {
    const refusal = scopeRefusal(request.principal, scope)
    return refusal ? Promise.reject(refusal) : Promise.resolve()
  }
}

/** The user behind the request; only after `requireUser`. */
export function currentUser(request: FastifyRequest): Extract<Principal, { kind: 'user' }> {
  const principal = request.principal
  if (principal?.kind !== 'user') throw gatewayError('missing_credentials')
  return principal
}

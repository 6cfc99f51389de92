import type { Role } from '../domain/access-token.js'

export type Principal =
  | { kind: 'user'; id: string; role: Role; departmentId: string | null }
  | { kind: 'api_key'; id: string; scopes: readonly string[] }

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling: set by the authentication hook, null when anonymous. */
    principal: Principal | null
  }
}

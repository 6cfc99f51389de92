import { NonRetryableError } from '@leadflow/kafka'
import { createInternalClient, InternalApiError } from '@leadflow/http'

export interface User {
  id: string
  email: string
  name: string
}

export interface UsersClient {
  /** The user's address from the gateway; an unknown user is bad data (dead-lettered). */
  get(id: string): Promise<User>
}

export function createUsersClient(baseUrl: string, token: string): UsersClient {
  const client = createInternalClient({ baseUrl, token })
  return {
    async get(id) {
      try {
        return await client.get<User>(`/internal/v1/users/${encodeURIComponent(id)}`)
      } catch (err) {
        if (err instanceof InternalApiError && err.status === 404)
          throw new NonRetryableError(`user ${id} does not exist`, { cause: err })
        throw err
      }
    },
  }
}

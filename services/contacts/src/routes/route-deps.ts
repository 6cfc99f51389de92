import type { Db } from '../handlers/contact-store.js'

/** What the internal routes need: the database, the default phone region, and the outbox relay. */
export interface RouteDeps {
  db: Db
  region: string | undefined
  /** Publish the outbox rows a committed request wrote, now rather than at the next poll. */
  published: () => void
}

import type { DeepReadonly } from '@leadflow/config'
import type { Redis } from 'ioredis'
import type { z } from 'zod'
import type { AuthEvents } from '../auth/auth-metrics.js'
import type { LoginThrottle } from '../auth/login-throttle.js'
import type { IssuerSettings } from '../auth/token-issuer.js'
import type { configSchema } from '../config.js'
import type { LeadViews } from '../db/lead-views.js'
import type { PrismaClient } from '../generated/prisma/client.js'

/** What the public routes share. */
export interface RouteDeps {
  config: DeepReadonly<z.output<typeof configSchema>>
  db: PrismaClient
  redis: Redis
  authEvents: AuthEvents
  loginThrottle: LoginThrottle
  tokens: IssuerSettings
  /** Called after a transaction that wrote outbox rows commits. */
  wakeOutbox: () => void
  /** The lead list's read model. */
  leadViews: LeadViews
}

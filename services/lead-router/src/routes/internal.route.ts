import type { Queryable } from '@leadflow/db'
import type { FastifyInstance } from 'fastify'
import type { Db } from '../db/transaction.js'
import { departmentRoutes } from './departments.route.js'
import { leadAssignRoutes } from './lead-assign.route.js'
import { leadRepublishRoutes } from './lead-republish.route.js'
import { leadSourceRoutes } from './lead-sources.route.js'
import { leadRoutes } from './leads.route.js'
import { routingRuleRoutes } from './routing-rules.route.js'

export interface InternalRoutesOptions {
  db: Db
  /** A pg pool for the lead list. */
  reads: Queryable
  schema: string
  onEventsQueued: () => void
}

/** The internal API the gateway uses (mounted under `/internal/v1` behind the service token). */
export function internalRoutes(app: FastifyInstance, options: InternalRoutesOptions): void {
  const { db } = options
  leadRoutes(app, options)
  leadAssignRoutes(app, options)
  leadRepublishRoutes(app, options)
  departmentRoutes(app, { db })
  leadSourceRoutes(app, { db })
  routingRuleRoutes(app, { db })
}

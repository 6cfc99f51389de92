import { nullableUuid } from './common.schemas.js'

/** What an administrator may write of a department (lead-router's routing settings). */
export const departmentWriteFields = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  headUserId: nullableUuid,
  timezone: { type: 'string', minLength: 1, maxLength: 64 },
  businessHours: { type: ['object', 'null'] },
} as const

/** What an administrator may write of a lead source. */
export const leadSourceWriteFields = {
  slug: { type: 'string', pattern: '^[a-z0-9][a-z0-9:._-]{0,99}$' },
  name: { type: 'string', minLength: 1, maxLength: 200 },
  departmentId: nullableUuid,
  slaMinutes: { type: 'integer', minimum: 1, maximum: 525_600 },
  attachWindowMinutes: { type: 'integer', minimum: 0, maximum: 525_600 },
} as const

/** What an administrator may write of a routing rule (`match` is checked by lead-router). */
export const routingRuleWriteFields = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  priority: { type: 'integer', minimum: 0, maximum: 1_000_000 },
  active: { type: 'boolean' },
  match: { type: 'object' },
  departmentId: nullableUuid,
  ownerId: nullableUuid,
} as const

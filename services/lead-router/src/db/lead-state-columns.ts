import { Prisma } from '../generated/prisma/client.js'

/**
 * The columns of a `LeadState` (a lead as LeadChanged carries it), for raw statements over
 * `leads`: qualified, so they stay unambiguous in a `RETURNING` next to other tables.
 */
export const leadStateColumns = Prisma.raw(`leads.id::text AS id, leads.version, leads.source, leads.status,
  leads.contact_id::text AS "contactId", leads.phone_e164 AS "phoneE164", leads.email, leads.name,
  leads.owner_id::text AS "ownerId", leads.department_id::text AS "departmentId",
  leads.sla_due_at AS "slaDueAt", leads.first_response_at AS "firstResponseAt",
  leads.created_at AS "createdAt", leads.updated_at AS "updatedAt"`)

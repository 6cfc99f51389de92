export const leadStatuses = ['new', 'contacted', 'qualified', 'won', 'lost'] as const

/** The fields every lead representation carries, public and internal (architecture contract). */
export const leadRequiredFields = [
  'id',
  'status',
  'source',
  'contactId',
  'phoneE164',
  'email',
  'name',
  'ownerId',
  'departmentId',
  'slaDueAt',
  'createdAt',
  'updatedAt',
] as const

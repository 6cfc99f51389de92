export const leadStatuses = ['new', 'contacted', 'qualified', 'won', 'lost'] as const
export type LeadStatus = (typeof leadStatuses)[number]
export const openStatuses: readonly LeadStatus[] = ['new', 'contacted', 'qualified']

const allowed: Record<LeadStatus, readonly LeadStatus[]> = {
  new: ['contacted', 'lost'],
  contacted: ['qualified', 'lost'],
  qualified: ['won', 'lost'],
  won: [],
  lost: [],
}

/** Whether a lead may move from one status to another (new → contacted → qualified → won, lost from any open status; won and lost are final). */
export function canTransition(from: string, to: LeadStatus): boolean {
  return (allowed[from as LeadStatus] ?? []).includes(to)
}

export const isOpen = (status: string): boolean => openStatuses.includes(status as LeadStatus)

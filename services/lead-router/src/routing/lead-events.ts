import { randomUUID } from 'node:crypto'
import { outboxMessage } from '@leadflow/outbox'
import {
  leadAssignedV1,
  leadChangedV1,
  leadCreatedV1,
  leadEscalatedV1,
  type LeadChangedV1,
  type LeadEscalatedV1,
} from '@leadflow/contracts'
import type { Tx } from '../db/transaction.js'
import type { Assignment } from './assign-owner.js'

export interface LeadRow {
  id: string
  sourceEventId: string
  source: string
  status: string
  contactId: string | null
  phoneE164: string | null
  email: string | null
  name: string | null
  slaDueAt: Date | null
  createdAt: Date
}

/** The LeadCreated outbox row of a new lead. */
export function leadCreatedMessage(lead: LeadRow) {
  const event = {
    leadId: lead.id,
    eventId: `lead-router:created:${lead.id}`,
    sourceEventId: lead.sourceEventId,
    source: lead.source,
    contactId: lead.contactId ?? '',
    phoneE164: lead.phoneE164,
    email: lead.email,
    name: lead.name,
    status: lead.status,
    slaDueAt: lead.slaDueAt,
    createdAt: lead.createdAt,
  }
  return outboxMessage(leadCreatedV1, event, { occurredAt: lead.createdAt })
}

/** Queues LeadCreated in the outbox of the transaction that created the lead. */
export async function emitLeadCreated(tx: Tx, lead: LeadRow): Promise<void> {
  await tx.outboxMessage.create({ data: leadCreatedMessage(lead) })
}

/** A lead's public state, as LeadChanged carries it. */
export type LeadState = Omit<LeadChangedV1, 'leadId' | 'eventId'> & { id: string }

/** The LeadChanged outbox row of a lead's state after a change; one event id per version. */
export function leadChangedMessage(lead: LeadState) {
  const event: LeadChangedV1 = {
    leadId: lead.id,
    eventId: `lead-router:changed:${lead.id}:${lead.version}`,
    version: lead.version,
    source: lead.source,
    status: lead.status,
    contactId: lead.contactId,
    phoneE164: lead.phoneE164,
    email: lead.email,
    name: lead.name,
    ownerId: lead.ownerId,
    departmentId: lead.departmentId,
    slaDueAt: lead.slaDueAt,
    firstResponseAt: lead.firstResponseAt,
    createdAt: lead.createdAt,
    updatedAt: lead.updatedAt,
  }
  return outboxMessage(leadChangedV1, event, { occurredAt: lead.updatedAt })
}

/**
 * Queues LeadChanged for leads as this transaction leaves them: call it after the last change
 * to them, with the rows the change returned (their version is the database's).
 */
export async function emitLeadsChanged(tx: Tx, leads: readonly LeadState[]): Promise<void> {
  if (leads.length === 0) return
  await tx.outboxMessage.createMany({ data: leads.map(leadChangedMessage) })
}

/** The LeadAssigned outbox row and the assignment's timeline entry. */
export function leadAssignedRows(leadId: string, assignment: Assignment, at: Date) {
  const eventId = `lead-router:assigned:${randomUUID()}`
  const event = { leadId, eventId, ...assignment, assignedAt: at }
  return {
    outbox: outboxMessage(leadAssignedV1, event, { occurredAt: at }),
    touch: {
      leadId,
      kind: 'assignment',
      sourceEventId: eventId,
      occurredAt: at,
      details: {
        ownerId: assignment.ownerId,
        departmentId: assignment.departmentId,
        reason: assignment.reason,
      },
    },
  }
}

/** Queues LeadAssigned and puts the assignment on the lead's timeline. */
export async function emitLeadAssigned(
  tx: Tx,
  leadId: string,
  assignment: Assignment,
  at: Date,
): Promise<void> {
  const rows = leadAssignedRows(leadId, assignment, at)
  await tx.outboxMessage.create({ data: rows.outbox })
  await tx.leadTouch.create({ data: rows.touch })
}

/** Queues LeadEscalated and puts the escalation on the lead's timeline. */
export async function emitLeadEscalated(
  tx: Tx,
  event: Omit<LeadEscalatedV1, 'eventId'>,
  eventId: string,
): Promise<void> {
  await tx.outboxMessage.create({
    data: outboxMessage(leadEscalatedV1, { ...event, eventId }, { occurredAt: event.escalatedAt }),
  })
  await tx.leadTouch.create({
    data: {
      leadId: event.leadId,
      kind: 'escalation',
      sourceEventId: eventId,
      occurredAt: event.escalatedAt,
      details: {
        action: event.action,
        fromOwnerId: event.fromOwnerId,
        toOwnerId: event.toOwnerId,
        notifyUserIds: event.notifyUserIds,
        slaDueAt: event.slaDueAt.toISOString(),
      },
    },
  })
}

import type { LeadAssignedV1, LeadEscalatedV1 } from '@leadflow/contracts'
import type { EventHandler, MessageContext } from '@leadflow/kafka'
import { processMailRequest, type MailRequestDeps } from '../delivery/mail-requests.js'
import type { UsersClient } from '../delivery/users-client.js'

export interface LeadNotificationDeps extends MailRequestDeps {
  users: UsersClient
}

/** One notification per recipient, keyed by the source event id and the user. */
async function notify(
  deps: LeadNotificationDeps,
  ctx: MessageContext,
  userIds: readonly string[],
  template: string,
  variables: Record<string, string>,
): Promise<void> {
  for (const userId of new Set(userIds)) {
    const user = await deps.users.get(userId)
    await processMailRequest(
      {
        requestId: `${ctx.eventId}:${userId}`,
        eventId: ctx.eventId,
        to: [user.email],
        template,
        variables: { ...variables, recipientName: user.name },
        accountId: null,
        campaignId: null,
      },
      deps,
      ctx.log,
      ctx.signal,
    )
  }
}

export function leadAssignedHandler(deps: LeadNotificationDeps): EventHandler<LeadAssignedV1> {
  return async (event, ctx) => {
    if (event.ownerId === null) return
    await notify(deps, ctx, [event.ownerId], 'lead-assigned', {
      leadId: event.leadId,
      leadName: `lead ${event.leadId}`,
      reason: event.reason,
    })
  }
}

export function leadEscalatedHandler(deps: LeadNotificationDeps): EventHandler<LeadEscalatedV1> {
  return async (event, ctx) => {
    const recipients = [...event.notifyUserIds, ...(event.toOwnerId ? [event.toOwnerId] : [])]
    await notify(deps, ctx, recipients, 'lead-escalated', {
      leadId: event.leadId,
      leadName: `lead ${event.leadId}`,
      slaDueAt: event.slaDueAt.toISOString(),
      action: event.action,
    })
  }
}

import type { SendEmailRequestedV1 } from '@leadflow/contracts'
import type { EventHandler } from '@leadflow/kafka'
import { NonRetryableError } from '@leadflow/kafka'
import { processMailRequest, type MailRequestDeps } from '../delivery/mail-requests.js'

/** The mailer's inbox: another service asks for a templated mail. */
export function sendEmailRequestedHandler(deps: MailRequestDeps): EventHandler<SendEmailRequestedV1> {
  return async (event, ctx) => {
    if (event.requestId.length === 0 || event.to.length === 0)
      throw new NonRetryableError('a mail request needs a requestId and at least one recipient')
    await processMailRequest(
      {
        requestId: event.requestId,
        eventId: event.eventId,
        to: event.to,
        template: event.template,
        variables: event.variables,
        accountId: event.accountId,
        campaignId: event.campaignId,
      },
      deps,
      ctx.log,
      ctx.signal,
    )
  }
}

/**
 * Every Kafka topic, named `<owner>.<entity>.<past-tense>.v<major>`. Only the owner produces,
 * except `mailer.email.requested.v1`, the mailer's inbox, which several services write to.
 */
export const Topics = {
  CallReceivedV1: 'ingest.call.received.v1',
  PaymentReceivedV1: 'ingest.payment.received.v1',
  LeadSubmittedV1: 'gateway.lead.submitted.v1',
  EmailReceivedV1: 'imap.email.received.v1',
  ContactUpsertedV1: 'contacts.contact.upserted.v1',
  LeadCreatedV1: 'leads.lead.created.v1',
  LeadAssignedV1: 'leads.lead.assigned.v1',
  LeadEscalatedV1: 'leads.lead.escalated.v1',
  LeadChangedV1: 'leads.lead.changed.v1',
  SendEmailRequestedV1: 'mailer.email.requested.v1',
  MailSentV1: 'mailer.email.sent.v1',
  MailFailedV1: 'mailer.email.failed.v1',
} as const

export type Topic = (typeof Topics)[keyof typeof Topics]

/** The topic naming rule: `<owner>.<entity>.<past-tense>.v<major>`, lower case. */
export const topicNamePattern = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.v[1-9][0-9]*$/

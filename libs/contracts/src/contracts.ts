import type { Contract } from './contract.js'
import * as schemas from './generated/schemas.js'
import type {
  CallReceivedV1,
  ContactUpsertedV1,
  EmailReceivedV1,
  LeadAssignedV1,
  LeadChangedV1,
  LeadCreatedV1,
  LeadEscalatedV1,
  LeadSubmittedV1,
  MailFailedV1,
  MailSentV1,
  PaymentReceivedV1,
  SendEmailRequestedV1,
} from './generated/types.js'
import { Topics } from './topics.js'

const byEventId = (event: { eventId: string }): string => event.eventId
const lowerCase = (address: string): string => address.trim().toLowerCase()

/** A call event from a PBX; keyed by the caller so one caller's events stay in order. */
export const callReceivedV1: Contract<CallReceivedV1> = {
  type: 'CallReceived',
  topic: Topics.CallReceivedV1,
  schema: schemas.callReceivedV1Schema,
  history: schemas.callReceivedV1History,
  key: (event) => event.callerE164,
  eventId: byEventId,
}

/** A payment; keyed by the lower-cased customer e-mail, or the payment id when there is none. */
export const paymentReceivedV1: Contract<PaymentReceivedV1> = {
  type: 'PaymentReceived',
  topic: Topics.PaymentReceivedV1,
  schema: schemas.paymentReceivedV1Schema,
  history: schemas.paymentReceivedV1History,
  key: (event) => (event.customerEmail ? lowerCase(event.customerEmail) : event.paymentId),
  eventId: byEventId,
}

/** A lead posted to the public API. */
export const leadSubmittedV1: Contract<LeadSubmittedV1> = {
  type: 'LeadSubmitted',
  topic: Topics.LeadSubmittedV1,
  schema: schemas.leadSubmittedV1Schema,
  history: schemas.leadSubmittedV1History,
  key: (event) => event.submissionId,
  eventId: byEventId,
}

/** A message in a watched mailbox; keyed by the lower-cased sender. */
export const emailReceivedV1: Contract<EmailReceivedV1> = {
  type: 'EmailReceived',
  topic: Topics.EmailReceivedV1,
  schema: schemas.emailReceivedV1Schema,
  history: schemas.emailReceivedV1History,
  key: (event) => lowerCase(event.fromAddress),
  eventId: byEventId,
}

export const contactUpsertedV1: Contract<ContactUpsertedV1> = {
  type: 'ContactUpserted',
  topic: Topics.ContactUpsertedV1,
  schema: schemas.contactUpsertedV1Schema,
  history: schemas.contactUpsertedV1History,
  key: (event) => event.contactId,
  eventId: byEventId,
}

export const leadCreatedV1: Contract<LeadCreatedV1> = {
  type: 'LeadCreated',
  topic: Topics.LeadCreatedV1,
  schema: schemas.leadCreatedV1Schema,
  history: schemas.leadCreatedV1History,
  key: (event) => event.leadId,
  eventId: byEventId,
}

export const leadAssignedV1: Contract<LeadAssignedV1> = {
  type: 'LeadAssigned',
  topic: Topics.LeadAssignedV1,
  schema: schemas.leadAssignedV1Schema,
  history: schemas.leadAssignedV1History,
  key: (event) => event.leadId,
  eventId: byEventId,
}

export const leadEscalatedV1: Contract<LeadEscalatedV1> = {
  type: 'LeadEscalated',
  topic: Topics.LeadEscalatedV1,
  schema: schemas.leadEscalatedV1Schema,
  history: schemas.leadEscalatedV1History,
  key: (event) => event.leadId,
  eventId: byEventId,
}

/** A lead's whole public state after each change, for read models (e.g. the gateway's lead list). */
export const leadChangedV1: Contract<LeadChangedV1> = {
  type: 'LeadChanged',
  topic: Topics.LeadChangedV1,
  schema: schemas.leadChangedV1Schema,
  history: schemas.leadChangedV1History,
  key: (event) => event.leadId,
  eventId: byEventId,
}

/** The mailer's inbox: lead-router, imap-poller and gateway all ask for mail here. */
export const sendEmailRequestedV1: Contract<SendEmailRequestedV1> = {
  type: 'SendEmailRequested',
  topic: Topics.SendEmailRequestedV1,
  schema: schemas.sendEmailRequestedV1Schema,
  history: schemas.sendEmailRequestedV1History,
  key: (event) => event.requestId,
  eventId: byEventId,
}

export const mailSentV1: Contract<MailSentV1> = {
  type: 'MailSent',
  topic: Topics.MailSentV1,
  schema: schemas.mailSentV1Schema,
  history: schemas.mailSentV1History,
  key: (event) => event.requestId,
  eventId: byEventId,
}

export const mailFailedV1: Contract<MailFailedV1> = {
  type: 'MailFailed',
  topic: Topics.MailFailedV1,
  schema: schemas.mailFailedV1Schema,
  history: schemas.mailFailedV1History,
  key: (event) => event.requestId,
  eventId: byEventId,
}

/** Every contract, e.g. for creating topics at bootstrap. */
export const allContracts = [
  callReceivedV1,
  paymentReceivedV1,
  leadSubmittedV1,
  emailReceivedV1,
  contactUpsertedV1,
  leadCreatedV1,
  leadAssignedV1,
  leadEscalatedV1,
  leadChangedV1,
  sendEmailRequestedV1,
  mailSentV1,
  mailFailedV1,
] as const

/** Any one of the contracts in `allContracts`. */
export type AnyContract = (typeof allContracts)[number]

import { randomUUID } from 'node:crypto'
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

// Realistic events for tests. Ids are fresh on every call so tests sharing a broker or a
// database do not collide; instants are fixed so assertions stay simple. Phone numbers are
// in Ofcom's drama range, addresses on example.com.

const at = (iso: string): Date => new Date(iso)
const shortId = (): string => randomUUID().replace(/-/g, '').slice(0, 16)

function callReceived(overrides: Partial<CallReceivedV1> = {}): CallReceivedV1 {
  const pbxCallId = `in_${shortId()}`
  return {
    eventId: `zadarma:${pbxCallId}:NOTIFY_START`,
    provider: 'zadarma',
    providerEventId: pbxCallId,
    event: 'NOTIFY_START',
    direction: 'inbound',
    callerE164: '+442079460958',
    callerRaw: '442079460958',
    calleeE164: '+442079460000',
    calleeRaw: '442079460000',
    calledDid: '442079460000',
    callId: pbxCallId,
    startedAt: at('2025-03-14T09:26:53.000Z'),
    durationSec: null,
    disposition: null,
    recordingId: null,
    receivedAt: at('2025-03-14T09:26:53.412Z'),
    ...overrides,
  }
}

function paymentReceived(overrides: Partial<PaymentReceivedV1> = {}): PaymentReceivedV1 {
  const evt = `evt_${shortId()}`
  return {
    eventId: `stripe:${evt}`,
    provider: 'stripe',
    providerEventId: evt,
    type: 'payment_intent.succeeded',
    amountMinor: 149_900,
    currency: 'EUR',
    customerEmail: 'anna.schmidt@example.com',
    customerPhoneE164: '+447700900123',
    customerName: 'Anna Schmidt',
    paymentId: `pi_${shortId()}`,
    occurredAt: at('2025-03-14T10:02:11.000Z'),
    receivedAt: at('2025-03-14T10:02:11.930Z'),
    ...overrides,
  }
}

function leadSubmitted(overrides: Partial<LeadSubmittedV1> = {}): LeadSubmittedV1 {
  const submissionId = randomUUID()
  return {
    submissionId,
    eventId: `gateway:${submissionId}`,
    source: 'website-contact-form',
    channel: 'web_form',
    name: 'Oliver Bennett',
    email: 'oliver.bennett@example.com',
    phoneRaw: '020 7946 0321',
    phoneE164: '+442079460321',
    company: 'Bennett Joinery Ltd',
    message: 'Could you quote for fitted wardrobes in two bedrooms?',
    utm: { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'spring-2025' },
    submittedBy: `key_${shortId()}`,
    submittedAt: at('2025-03-14T11:15:00.000Z'),
    ...overrides,
  }
}

function emailReceived(overrides: Partial<EmailReceivedV1> = {}): EmailReceivedV1 {
  const mailboxId = randomUUID()
  const uid = 4_812
  const uidValidity = 1_710_000_000
  return {
    eventId: `imap:${mailboxId}:${uidValidity}:${uid}`,
    mailboxId,
    folder: 'INBOX',
    messageId: `<${shortId()}@mail.example.com>`,
    fromAddress: 'Priya.Patel@example.com',
    fromName: 'Priya Patel',
    to: ['sales@leadflow.example.com'],
    subject: 'Question about your installation service',
    textSnippet: 'Hello, we are opening a second office in May and would like to know whether',
    inReplyTo: null,
    references: [],
    receivedAt: at('2025-03-14T12:40:05.000Z'),
    kind: 'normal',
    uid,
    uidValidity,
    ...overrides,
  }
}

function contactUpserted(overrides: Partial<ContactUpsertedV1> = {}): ContactUpsertedV1 {
  const contactId = randomUUID()
  return {
    contactId,
    eventId: `contacts:${contactId}:${shortId()}`,
    change: 'created',
    phoneE164: '+442079460958',
    email: 'oliver.bennett@example.com',
    name: 'Oliver Bennett',
    companyId: null,
    mergedContactIds: [],
    updatedAt: at('2025-03-14T09:26:54.100Z'),
    ...overrides,
  }
}

function leadCreated(overrides: Partial<LeadCreatedV1> = {}): LeadCreatedV1 {
  const leadId = randomUUID()
  return {
    leadId,
    eventId: `lead-created:${leadId}`,
    sourceEventId: `zadarma:in_${shortId()}:NOTIFY_START`,
    source: 'phone',
    contactId: randomUUID(),
    phoneE164: '+442079460958',
    email: null,
    name: null,
    status: 'new',
    slaDueAt: at('2025-03-14T09:41:54.000Z'),
    createdAt: at('2025-03-14T09:26:54.000Z'),
    ...overrides,
  }
}

function leadAssigned(overrides: Partial<LeadAssignedV1> = {}): LeadAssignedV1 {
  const leadId = randomUUID()
  return {
    leadId,
    eventId: `lead-assigned:${leadId}:${shortId()}`,
    ownerId: randomUUID(),
    departmentId: randomUUID(),
    reason: 'round_robin',
    assignedAt: at('2025-03-14T09:26:54.200Z'),
    ...overrides,
  }
}

function leadChanged(overrides: Partial<LeadChangedV1> = {}): LeadChangedV1 {
  const leadId = randomUUID()
  return {
    leadId,
    eventId: `lead-changed:${leadId}:2`,
    version: 2,
    source: 'phone',
    status: 'new',
    contactId: randomUUID(),
    phoneE164: '+442079460958',
    email: null,
    name: 'Oliver Bennett',
    ownerId: randomUUID(),
    departmentId: randomUUID(),
    slaDueAt: at('2025-03-14T09:41:54.000Z'),
    firstResponseAt: null,
    createdAt: at('2025-03-14T09:26:54.000Z'),
    updatedAt: at('2025-03-14T09:26:54.200Z'),
    ...overrides,
  }
}

function leadEscalated(overrides: Partial<LeadEscalatedV1> = {}): LeadEscalatedV1 {
  const leadId = randomUUID()
  return {
    leadId,
    eventId: `lead-escalated:${leadId}:1`,
    fromOwnerId: randomUUID(),
    toOwnerId: randomUUID(),
    departmentId: randomUUID(),
    notifyUserIds: [randomUUID()],
    slaDueAt: at('2025-03-14T09:41:54.000Z'),
    escalatedAt: at('2025-03-14T09:41:55.020Z'),
    action: 'reassign',
    ...overrides,
  }
}

function sendEmailRequested(overrides: Partial<SendEmailRequestedV1> = {}): SendEmailRequestedV1 {
  const requestId = randomUUID()
  return {
    requestId,
    eventId: `mail-request:${requestId}`,
    to: ['owner@leadflow.example.com'],
    template: 'lead-assigned-owner',
    variables: { leadId: randomUUID(), leadName: 'Oliver Bennett', phone: '+442079460958' },
    accountId: null,
    campaignId: null,
    requestedAt: at('2025-03-14T09:26:54.300Z'),
    ...overrides,
  }
}

function mailSent(overrides: Partial<MailSentV1> = {}): MailSentV1 {
  const requestId = randomUUID()
  return {
    requestId,
    eventId: `mail-sent:${requestId}`,
    to: ['owner@leadflow.example.com'],
    template: 'lead-assigned-owner',
    smtpMessageId: `<${shortId()}@leadflow.example.com>`,
    accountId: null,
    campaignId: null,
    sentAt: at('2025-03-14T09:26:55.000Z'),
    ...overrides,
  }
}

function mailFailed(overrides: Partial<MailFailedV1> = {}): MailFailedV1 {
  const requestId = randomUUID()
  return {
    requestId,
    eventId: `mail-failed:${requestId}`,
    to: ['nobody@invalid.example.com'],
    template: 'lead-assigned-owner',
    reason: '550 5.1.1 <nobody@invalid.example.com>: Recipient address rejected',
    permanent: true,
    attempts: 1,
    failedAt: at('2025-03-14T09:26:55.500Z'),
    ...overrides,
  }
}

/** One factory per event: a valid, realistic event, with any fields replaced by `overrides`. */
export const fixtures = {
  callReceived,
  paymentReceived,
  leadSubmitted,
  emailReceived,
  contactUpserted,
  leadCreated,
  leadAssigned,
  leadEscalated,
  leadChanged,
  sendEmailRequested,
  mailSent,
  mailFailed,
} as const

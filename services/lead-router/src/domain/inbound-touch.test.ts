import { fixtures } from '@leadflow/contracts'
import { describe, expect, it } from 'vitest'
import { fromCall, fromEmail, fromForm, fromPayment, hasContact } from './inbound-touch.js'

describe('inbound touches', () => {
  it('reads a call: caller phone, DID and country for rules, call log details', () => {
    const event = fixtures.callReceived({ durationSec: 42, disposition: 'answered', recordingId: 'rec-1' })
    const touch = fromCall(event)
    expect(touch).toMatchObject({
      kind: 'call',
      source: 'call',
      sourceEventId: event.eventId,
      contact: { phone: '+442079460958' },
      facts: { provider: 'zadarma', did: '442079460000', country: 'GB' },
      details: { durationSec: 42, disposition: 'answered', recordingId: 'rec-1' },
      mayCreateLead: true,
    })
    expect(fromCall(fixtures.callReceived({ direction: 'outbound' })).mayCreateLead).toBe(false)
  })

  it('reads an e-mail by sender; auto-replies never start a lead', () => {
    const event = fixtures.emailReceived({ fromName: null })
    expect(fromEmail(event).contact).toEqual({ email: event.fromAddress })
    expect(fromEmail(fixtures.emailReceived({ kind: 'auto_reply' })).mayCreateLead).toBe(false)
  })

  it('reads a form with its source slug and a payment that marks the lead won', () => {
    const form = fromForm(fixtures.leadSubmitted())
    expect(form).toMatchObject({
      kind: 'form',
      source: 'website-contact-form',
      facts: { form: 'website-contact-form' },
    })
    expect(form.contact.company).toBe('Bennett Joinery Ltd')
    const payment = fromPayment(fixtures.paymentReceived())
    expect(payment).toMatchObject({ kind: 'payment', marksWon: true, details: { amountMinor: 149_900 } })
  })

  it('knows when nobody can be resolved', () => {
    expect(
      hasContact(fromPayment(fixtures.paymentReceived({ customerEmail: null, customerPhoneE164: null }))),
    ).toBe(false)
  })
})

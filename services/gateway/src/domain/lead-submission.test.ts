import { describe, expect, it } from 'vitest'
import { cleanLeadSubmission, stripHtml } from './lead-submission.js'

describe('stripHtml', () => {
  it.each([
    ['Hello <b>world</b>', 'Hello world'],
    ['<script>alert(1)</script>Quote please', 'Quote please'],
    ['<SCRIPT type="x">steal()</SCRIPT >ok', 'ok'],
    ['<img src=x onerror=alert(1)>Hi', 'Hi'],
    ['a &lt; b &amp; c', 'a b & c'],
    ['unclosed <script>alert(1)', 'unclosed'],
    ['<!-- note -->text', 'text'],
    ['two  spaces\tand\u0000nul', 'two spaces andnul'],
  ])('%j → %j', (input, expected) => {
    expect(stripHtml(input)).toBe(expected)
  })
})

describe('cleanLeadSubmission', () => {
  it('accepts a web-form lead and normalises the phone', () => {
    const result = cleanLeadSubmission(
      {
        name: ' <b>Oliver</b> Bennett ',
        email: 'Oliver@Example.com',
        phone: '+44 20 7946 0321',
        utm: { utm_source: 'google' },
      },
      'web-form',
    )
    expect(result).toEqual({
      name: 'Oliver Bennett',
      email: 'oliver@example.com',
      phoneRaw: '+44 20 7946 0321',
      phoneE164: '+442079460321',
      company: null,
      message: null,
      source: 'web-form',
      utm: { utm_source: 'google' },
    })
  })

  it('keeps an unparseable phone raw', () => {
    const result = cleanLeadSubmission({ phone: '12345' }, 'api')
    expect(result).toMatchObject({ phoneRaw: '12345', phoneE164: null })
  })

  it('needs an e-mail or a phone', () => {
    expect(cleanLeadSubmission({ name: 'x' }, 'api')).toEqual([
      { field: '/email', message: 'an e-mail address or a phone number is required' },
    ])
  })

  it.each(['a@mailinator.com', 'b@eu.yopmail.com'])('refuses the disposable address %s', (email) => {
    expect(cleanLeadSubmission({ email }, 'api')).toEqual([
      { field: '/email', message: 'disposable e-mail addresses are not accepted' },
    ])
  })

  it('refuses a malformed e-mail and phone', () => {
    expect(cleanLeadSubmission({ email: 'no-at-sign', phone: 'call me' }, 'api')).toHaveLength(2)
  })
})

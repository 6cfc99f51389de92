import { describe, expect, it } from 'vitest'
import { hasTemplate, renderTemplate, templateNames } from './templates.js'

describe('mail templates', () => {
  it('has the built-in templates and the lead-assigned-owner alias', () => {
    expect(templateNames).toEqual([
      'lead-assigned',
      'lead-escalated',
      'campaign',
      'subscription-confirm',
      'mailbox-alert',
    ])
    expect(hasTemplate('lead-assigned-owner')).toBe(true)
    expect(hasTemplate('nope')).toBe(false)
  })

  it('escapes variables in HTML and keeps them as typed in text', () => {
    const mail = renderTemplate('lead-assigned', {
      recipientName: '<script>x</script>',
      leadName: 'A & "B"',
      reason: 'rule',
    })
    expect(mail.html).toContain('&lt;script&gt;x&lt;/script&gt;')
    expect(mail.html).toContain('A &amp; &quot;B&quot;')
    expect(mail.html).not.toContain('<script>')
    expect(mail.text).toContain('Hello <script>x</script>,')
  })

  it('never lets a variable break the subject line', () => {
    const mail = renderTemplate('lead-assigned', { leadName: 'Eve\r\nBcc: victim@example.com' })
    expect(mail.subject).toBe('New lead assigned to you: Eve Bcc: victim@example.com')
  })

  it('renders only http(s) links and drops empty paragraphs', () => {
    const safe = renderTemplate('subscription-confirm', { list: 'news', confirmUrl: 'https://x.test/s/abc' })
    expect(safe.html).toContain('<a href="https://x.test/s/abc">')
    const unsafe = renderTemplate('subscription-confirm', { list: 'news', confirmUrl: 'javascript:alert(1)' })
    expect(unsafe.html).not.toContain('javascript:')
    expect(renderTemplate('mailbox-alert', { mailbox: 'm', errorType: 'auth' }).text).not.toContain('\n\n\n')
  })

  it('throws for an unknown template', () => {
    expect(() => renderTemplate('nope', {})).toThrow(/unknown template/)
  })
})

import { describe, expect, it } from 'vitest'
import { classifySmtpError, describeSmtpError, isHardBounce } from './smtp-failure.js'

describe('SMTP failure classification', () => {
  it.each([
    [{ code: 'EAUTH', responseCode: 535 }, 'auth'],
    [{ responseCode: 534 }, 'auth'],
    [{ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' }, 'transient'],
    [{ responseCode: 421 }, 'transient'],
    [{ code: 'ECONNECTION' }, 'transient'],
    [{ code: 'ETIMEDOUT' }, 'transient'],
    [{ code: 'ECONNREFUSED' }, 'transient'],
    [{ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }, 'permanent'],
    [{ responseCode: 554 }, 'permanent'],
    [{ code: 'EMESSAGE' }, 'permanent'],
  ] as const)('%o is %s', (err, kind) => {
    expect(classifySmtpError(err)).toBe(kind)
  })

  it('treats 550/551/553 refusals of a recipient as hard bounces, nothing else', () => {
    expect(isHardBounce({ responseCode: 550, command: 'RCPT TO' })).toBe(true)
    expect(isHardBounce({ responseCode: 553, command: 'RCPT TO' })).toBe(true)
    expect(isHardBounce({ responseCode: 550, command: 'DATA' })).toBe(false)
    expect(isHardBounce({ responseCode: 451, command: 'RCPT TO' })).toBe(false)
  })

  it('describes an error on one line with its reply code', () => {
    expect(describeSmtpError({ responseCode: 550, message: 'No\nsuch user' })).toBe('550 No such user')
  })
})

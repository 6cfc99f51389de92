import { describe, expect, it } from 'vitest'
import { imapErrorType } from './imap-error-type.js'

describe('imapErrorType', () => {
  it.each([
    ['a failed login', Object.assign(new Error('Command failed'), { authenticationFailed: true }), 'auth'],
    ['an AUTHENTICATIONFAILED answer', { serverResponseCode: 'AUTHENTICATIONFAILED', message: 'x' }, 'auth'],
    [
      'an OAuth token failure',
      Object.assign(new Error('token endpoint answered 400'), { code: 'EOAUTH' }),
      'auth',
    ],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      'connection',
    ],
    ['an unknown host', Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }), 'connection'],
    [
      'a dropped connection',
      Object.assign(new Error('Connection not available'), { code: 'NoConnection' }),
      'connection',
    ],
    [
      'a connect timeout',
      Object.assign(new Error('Failed to establish'), { code: 'CONNECT_TIMEOUT' }),
      'timeout',
    ],
    ['a socket timeout', Object.assign(new Error('Socket timeout'), { code: 'ETIMEOUT' }), 'timeout'],
    [
      'a bad certificate',
      Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
      'tls',
    ],
    ['a missing folder', { serverResponseCode: 'NONEXISTENT', message: 'Command failed' }, 'folder'],
    ['another NO answer', { serverResponseCode: 'LIMIT', message: 'Command failed' }, 'protocol'],
    ['a plain bug', new TypeError('x is undefined'), 'internal'],
    ['not an error at all', 'boom', 'internal'],
  ])('%s → %s', (_name, error, type) => {
    expect(imapErrorType(error)).toBe(type)
  })
})

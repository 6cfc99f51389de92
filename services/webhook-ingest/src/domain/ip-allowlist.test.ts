import { describe, expect, it } from 'vitest'
import { canonicalIp, clientIp, ipMatcher, isIpOrCidr } from './ip-allowlist.js'

describe('ip allowlists', () => {
  const list = ipMatcher(['185.45.152.42', '10.0.0.0/8', '2001:db8::/32'])

  it.each([
    ['185.45.152.42', true],
    ['::ffff:185.45.152.42', true],
    ['185.45.152.43', false],
    ['10.200.1.1', true],
    ['11.0.0.1', false],
    ['2001:db8::1', true],
    ['2001:db9::1', false],
    ['not an ip', false],
    ['', false],
  ])('%s allowed: %s', (ip, allowed) => {
    expect(list.matches(ip)).toBe(allowed)
  })

  it('validates entries', () => {
    expect(['1.2.3.4', '10.0.0.0/8', '::1', '2001:db8::/32'].every(isIpOrCidr)).toBe(true)
    expect(['1.2.3.4/33', '1.2.3', 'x/8', '10.0.0.0/8/1', '::1/129', ''].some(isIpOrCidr)).toBe(false)
  })

  it('an empty list matches nothing', () => {
    expect(ipMatcher([]).matches('1.2.3.4')).toBe(false)
    expect(canonicalIp(' ::ffff:1.2.3.4 ')).toBe('1.2.3.4')
  })
})

describe('client address', () => {
  const proxies = ipMatcher(['10.0.0.1', '10.0.0.2'])

  it('ignores forwarding headers from an untrusted peer', () => {
    expect(clientIp('203.0.113.9', { forwardedFor: '185.45.152.42', realIp: '185.45.152.42' }, proxies)).toBe(
      '203.0.113.9',
    )
  })

  it('takes the right-most untrusted hop from a trusted proxy, so prepended entries do not spoof', () => {
    expect(clientIp('10.0.0.1', { forwardedFor: '185.45.152.42, 198.51.100.7, 10.0.0.2' }, proxies)).toBe(
      '198.51.100.7',
    )
    expect(clientIp('::ffff:10.0.0.1', { forwardedFor: '198.51.100.7' }, proxies)).toBe('198.51.100.7')
  })

  it('falls back to X-Real-IP, then to the peer', () => {
    expect(clientIp('10.0.0.1', { realIp: '198.51.100.8' }, proxies)).toBe('198.51.100.8')
    expect(clientIp('10.0.0.1', { realIp: 'junk' }, proxies)).toBe('10.0.0.1')
    expect(clientIp('10.0.0.1', { forwardedFor: 'junk' }, proxies)).toBe('10.0.0.1')
  })
})

import { BlockList, isIP } from 'node:net'

/** An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) as plain IPv4; other addresses unchanged. */
export function canonicalIp(address: string): string {
  const trimmed = address.trim()
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed)
  return mapped?.[1] ?? trimmed
}

/** True for an IP address or a CIDR block (`10.0.0.0/8`, `2001:db8::/32`). */
export function isIpOrCidr(entry: string): boolean {
  const [address, prefix, extra] = entry.trim().split('/')
  if (extra !== undefined || !address) return false
  const family = isIP(address)
  if (family === 0) return false
  if (prefix === undefined) return true
  if (!/^\d{1,3}$/.test(prefix)) return false
  return Number(prefix) <= (family === 4 ? 32 : 128)
}

export interface IpMatcher {
  matches(address: string): boolean
  readonly size: number
}

/** A matcher for a list of IPs and CIDR blocks; invalid entries are ignored. */
export function ipMatcher(entries: readonly string[]): IpMatcher {
  const list = new BlockList()
  let size = 0
  for (const entry of entries) {
    if (!isIpOrCidr(entry)) continue
    const [address = '', prefix] = entry.trim().split('/')
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6'
    if (prefix === undefined) list.addAddress(address, type)
    else list.addSubnet(address, Number(prefix), type)
    size += 1
  }
  return {
    size,
    matches(address) {
      const ip = canonicalIp(address)
      const family = isIP(ip)
      if (family === 0 || size === 0) return false
      return list.check(ip, family === 4 ? 'ipv4' : 'ipv6')
    },
  }
}

/**
 * The client address of a request. X-Forwarded-For / X-Real-IP are believed only when the
 * direct peer is a trusted proxy; the forwarded chain is walked from the right, skipping
 * trusted proxies, so a client cannot spoof its address by prepending entries.
 */
export function clientIp(
  peer: string,
  headers: { forwardedFor?: string | undefined; realIp?: string | undefined },
  trusted: IpMatcher,
): string {
  const direct = canonicalIp(peer)
  if (!trusted.matches(direct)) return direct
  if (headers.forwardedFor) {
    const chain = headers.forwardedFor
      .split(',')
      .map((part) => canonicalIp(part))
      .filter((part) => part.length > 0)
    for (let i = chain.length - 1; i >= 0; i--) {
      const hop = chain[i] ?? ''
      if (isIP(hop) === 0) return direct
      if (!trusted.matches(hop)) return hop
    }
    return chain[0] ?? direct
  }
  const real = headers.realIp ? canonicalIp(headers.realIp) : ''
  return isIP(real) !== 0 ? real : direct
}

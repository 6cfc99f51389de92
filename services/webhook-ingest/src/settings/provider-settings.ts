import type { SecretBox } from '@leadflow/crypto'
import type { Logger } from '@leadflow/telemetry'
import { ipMatcher, type IpMatcher } from '../domain/ip-allowlist.js'
import type { PrismaClient, ProviderSetting } from '../generated/prisma/client.js'

/** Providers with a fixed endpoint; Standard Webhooks senders are `inbound:<source>`. */
export const fixedProviders = ['zadarma', 'onlinepbx', 'stripe'] as const
export type FixedProvider = (typeof fixedProviders)[number]

/** Providers that sign their webhooks: without an allowlist they accept any source address. */
const signedProvider = (provider: string) => provider === 'stripe' || provider.startsWith('inbound:')

export const inboundProvider = (source: string) => `inbound:${source}`

/** A provider's settings as the ingest path uses them: secrets decrypted, address lists compiled. */
export interface ActiveSettings {
  provider: string
  secrets: string[]
  allowedIps: IpMatcher
  /** True when any source address may send (signed providers without a list, or allowAnyIp). */
  anyIp: boolean
  trustedProxies: IpMatcher
  rateLimitPerMin: number | undefined
  defaultRegion: string | undefined
  defaultLeadSource: string | undefined
}

export interface SettingsCacheOptions {
  db: PrismaClient
  box: SecretBox
  ttlMs: number
  globalTrustedProxies: readonly string[]
  logger: Logger
}

export interface SettingsCache {
  /** The enabled settings of `provider`, or null when it is unknown or disabled. */
  get(provider: string): Promise<ActiveSettings | null>
  invalidate(provider: string): void
}

/** Compiles a stored row; secrets that cannot be decrypted are left out (and logged). */
export function activate(
  row: ProviderSetting,
  box: SecretBox,
  globalTrustedProxies: readonly string[],
  logger: Logger,
): ActiveSettings {
  const secrets: string[] = []
  for (const sealed of row.secrets) {
    try {
      secrets.push(box.decrypt(sealed))
    } catch (err) {
      logger.error({ err, provider: row.provider }, 'provider secret cannot be decrypted')
    }
  }
  return {
    provider: row.provider,
    secrets,
    allowedIps: ipMatcher(row.allowedIps),
    anyIp: row.allowAnyIp || (row.allowedIps.length === 0 && signedProvider(row.provider)),
    trustedProxies: ipMatcher([...globalTrustedProxies, ...row.trustedProxies]),
    rateLimitPerMin: row.rateLimitPerMin ?? undefined,
    defaultRegion: row.defaultRegion ?? undefined,
    defaultLeadSource: row.defaultLeadSource ?? undefined,
  }
}

/**
 * Provider settings read from Postgres and kept in memory for `ttlMs`, so a change made through
 * the internal API (on any replica) takes effect within that time without a restart.
 */
export function createSettingsCache(options: SettingsCacheOptions): SettingsCache {
  const { db, box, ttlMs, globalTrustedProxies, logger } = options
  const cache = new Map<string, { at: number; value: Promise<ActiveSettings | null> }>()

  async function load(provider: string): Promise<ActiveSettings | null> {
    const row = await db.providerSetting.findUnique({ where: { provider } })
    if (!row?.enabled) return null
    return activate(row, box, globalTrustedProxies, logger)
  }

  return {
    get(provider) {
      const hit = cache.get(provider)
      if (hit && Date.now() - hit.at < ttlMs) return hit.value
      const value = load(provider)
      cache.set(provider, { at: Date.now(), value })
      // A failed read is not cached: the next request asks the database again.
      value.catch(() => {
        if (cache.get(provider)?.value === value) cache.delete(provider)
      })
      if (cache.size > 10_000) cache.clear()
      return value
    },
    invalidate(provider) {
      cache.delete(provider)
    },
  }
}

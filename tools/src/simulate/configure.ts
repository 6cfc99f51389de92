import type { SimulateOptions } from './options.js'

/**
 * Stores the simulator's secrets in webhook-ingest's provider settings (internal API), for
 * a local system: loopback senders allowed, a rate limit high enough for load runs.
 */
export async function configureProviders(
  options: Pick<SimulateOptions, 'ingestUrl' | 'internalToken' | 'inboundSource' | 'secrets'>,
): Promise<void> {
  const { secrets } = options
  const local = ['127.0.0.1', '::1', '::ffff:127.0.0.1']
  const settings: [string, object][] = [
    ['zadarma', { enabled: true, secret: secrets.zadarma, allowedIps: local, defaultRegion: 'RU' }],
    ['onlinepbx', { enabled: true, secret: secrets.onlinepbx, allowedIps: local, defaultRegion: 'RU' }],
    ['stripe', { enabled: true, secret: secrets.stripe }],
    [
      `inbound/${options.inboundSource}`,
      { enabled: true, secret: secrets.inbound, defaultRegion: 'DE', defaultLeadSource: 'website' },
    ],
  ]
  for (const [path, body] of settings) {
    const res = await fetch(`${options.ingestUrl}/internal/v1/providers/${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${options.internalToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimitPerMinute: 1_000_000, ...body }),
    })
    if (!res.ok) throw new Error(`configuring ${path} failed: ${res.status} ${await res.text()}`)
  }
}

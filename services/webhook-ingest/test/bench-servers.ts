import { standardWebhooksSignature } from '../src/domain/standard-webhooks-signature.js'
import { zadarmaSignature, zadarmaSignedString } from '../src/domain/zadarma-signature.js'
import { rawBodyApp, verifiedBenchWebhook } from './bench-echo.js'
import { freshDatabase, putSettings, startIngest, type Ingest } from './ingest-harness.js'
import { secrets } from './signing.js'

/** The servers the ingest benchmark (bench/ingest) measures, and how to sign its traffic. */
export interface BenchRequest {
  path: string
  headers: Record<string, string>
  body: string
}

/** The client address bench traffic claims (X-Forwarded-For from the trusted local proxy). */
export const benchClientIp = '10.255.0.1'

export async function startBenchIngest(): Promise<Ingest> {
  const ingest = await startIngest(await freshDatabase(), {
    PROVIDER_SETTINGS_CACHE_MS: '5000',
    LOG_LEVEL: 'silent',
  })
  // Traffic arrives through a proxy on 127.0.0.1 for a client address of the bench's own, so its
  // rate-limit counters in the shared Redis are not those of other local traffic.
  const common = { rateLimitPerMinute: 1_000_000, trustedProxies: ['127.0.0.1'] }
  await putSettings(ingest.url, 'zadarma', {
    enabled: true,
    secret: secrets.zadarma,
    allowedIps: [benchClientIp],
    ...common,
  })
  await putSettings(ingest.url, 'inbound/bench', { enabled: true, secret: secrets.inbound, ...common })
  return ingest
}

export function signedZadarma(id: string): BenchRequest {
  const fields = {
    event: 'NOTIFY_START',
    pbx_call_id: id,
    caller_id: '79161234567',
    called_did: '74951234567',
    call_start: '2024-05-14 12:34:56',
  }
  const signature = zadarmaSignature(secrets.zadarma, zadarmaSignedString('NOTIFY_START', fields))
  return {
    path: '/webhooks/zadarma',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      signature,
      'x-forwarded-for': benchClientIp,
    },
    body: new URLSearchParams(fields).toString(),
  }
}

export function signedInbound(id: string, path = '/webhooks/inbound/bench'): BenchRequest {
  const body = JSON.stringify({
    type: 'call.received',
    data: { caller: `+4930${String(1_000_000 + ((id.length * 7919) % 8_999_999))}` },
  })
  const timestamp = String(Math.floor(Date.now() / 1000))
  return {
    path,
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': benchClientIp,
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': standardWebhooksSignature(secrets.inbound, id, timestamp, Buffer.from(body)),
    },
    body,
  }
}

/** A bare Fastify server that verifies the same HMAC over the raw body and answers: the baseline. */
export async function startBaseline(): Promise<{ url: string; close(): Promise<void> }> {
  const app = rawBodyApp()
  app.post('/echo', async (request, reply) => {
    const ok = verifiedBenchWebhook(request) !== null
    return reply.code(ok ? 200 : 401).send({ status: ok ? 'accepted' : 'bad_signature' })
  })
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return { url, close: () => app.close() }
}

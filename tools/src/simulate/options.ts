import { parseArgs } from 'node:util'
import type { Secrets } from './delivery.js'
import { defaultMix, parseMix, type Mix } from './traffic.js'

/**
 * The development secrets: `--configure` stores them in a local webhook-ingest, and the
 * simulator signs with them unless told otherwise. Never use them outside development.
 */
export const devSecrets: Secrets = {
  zadarma: 'insecure-dev-zadarma-secret',
  onlinepbx: 'insecure-dev-onlinepbx-token-0123456789',
  stripe: 'whsec_insecure_dev_stripe_secret',
  inbound: `whsec_${Buffer.from('insecure-dev-inbound-secret-32b!').toString('base64')}`,
}
/** INTERNAL_API_TOKEN's development default (libs/config). */
export const devInternalToken = 'insecure-dev-internal-api-token'

export interface SimulateOptions {
  ingestUrl: string
  inboundSource: string
  secrets: Secrets
  rate: number
  /** Stop after this many deliveries… */
  count: number | undefined
  /** …or after this many seconds (whichever the user gave; count wins when both). */
  durationSec: number
  mix: Mix
  seed: number
  redeliveryShare: number
  repeatShare: number
  imapUrl: string | undefined
  mailTo: string
  configure: boolean
  internalToken: string
  concurrency: number
}

export const usage = `Usage: ./leadflow simulate [options]

Sends realistic signed provider traffic to a running Leadflow and prints a summary.

  --rate N             deliveries per second (default 10)
  --duration S         run for S seconds (default 10)
  --count N            send exactly N deliveries instead
  --mix LIST           weights per channel, e.g. zadarma=4,onlinepbx=2,stripe=2,lead=3,call=1,mail=1
                       (default ${Object.entries(defaultMix)
                         .map(([k, v]) => `${k}=${v}`)
                         .join(',')}, plus mail=1 with --imap)
  --seed N             same seed, same traffic (default: random)
  --redeliver P        share of deliveries sent again, as providers retry (default 0.05)
  --repeat P           share of touches from someone seen before (default 0.25)
  --ingest-url URL     webhook-ingest (default http://127.0.0.1:8081)
  --source NAME        Standard Webhooks sender in /webhooks/inbound/NAME (default simulator)
  --imap URL           append mails here, e.g. imap://sales:secret@127.0.0.1:1143/INBOX
  --mail-to ADDR       To: of the mails (default sales@leadflow.localhost)
  --configure          first store the development secrets in webhook-ingest's provider settings
  --internal-token T   service token for --configure (default: the development INTERNAL_API_TOKEN)
  --zadarma-secret S  --onlinepbx-token S  --stripe-secret S  --inbound-secret S
                       signing secrets (defaults: the development secrets --configure stores)
  --concurrency N      most requests in flight at once (default 64)
`

function number(value: string | undefined, name: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}, not ${value}`)
  return n
}

function share(value: string | undefined, name: string, fallback: number): number {
  const n = number(value, name, fallback)
  if (n > 1) throw new Error(`--${name} is a share between 0 and 1, not ${value}`)
  return n
}

/** Parses the command line; throws with a message naming the bad option. */
export function parseOptions(argv: readonly string[]): SimulateOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      rate: { type: 'string' },
      duration: { type: 'string' },
      count: { type: 'string' },
      mix: { type: 'string' },
      seed: { type: 'string' },
      redeliver: { type: 'string' },
      repeat: { type: 'string' },
      'ingest-url': { type: 'string' },
      source: { type: 'string' },
      imap: { type: 'string' },
      'mail-to': { type: 'string' },
      configure: { type: 'boolean' },
      'internal-token': { type: 'string' },
      'zadarma-secret': { type: 'string' },
      'onlinepbx-token': { type: 'string' },
      'stripe-secret': { type: 'string' },
      'inbound-secret': { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return 'help'
  const mix = values.mix ? parseMix(values.mix) : { ...defaultMix, ...(values.imap ? { mail: 1 } : {}) }
  if ((mix.mail ?? 0) > 0 && !values.imap)
    throw new Error('the mix has mail: give --imap imap://user:pass@host:port/FOLDER')
  return {
    ingestUrl: (values['ingest-url'] ?? 'http://127.0.0.1:8081').replace(/\/+$/, ''),
    inboundSource: values.source ?? 'simulator',
    secrets: {
      zadarma: values['zadarma-secret'] ?? devSecrets.zadarma,
      onlinepbx: values['onlinepbx-token'] ?? devSecrets.onlinepbx,
      stripe: values['stripe-secret'] ?? devSecrets.stripe,
      inbound: values['inbound-secret'] ?? devSecrets.inbound,
    },
    rate: number(values.rate, 'rate', 10, 0.1),
    count: values.count === undefined ? undefined : Math.floor(number(values.count, 'count', 0, 1)),
    durationSec: number(values.duration, 'duration', 10, 0.1),
    mix,
    seed: Math.floor(number(values.seed, 'seed', Math.floor(Math.random() * 2 ** 31))),
    redeliveryShare: share(values.redeliver, 'redeliver', 0.05),
    repeatShare: share(values.repeat, 'repeat', 0.25),
    imapUrl: values.imap,
    mailTo: values['mail-to'] ?? 'sales@leadflow.localhost',
    configure: values.configure ?? false,
    internalToken: values['internal-token'] ?? devInternalToken,
    concurrency: Math.floor(number(values.concurrency, 'concurrency', 64, 1)),
  }
}

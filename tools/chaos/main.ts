// `./leadflow chaos`: the fault campaign (see README "Fault campaign").
import { parseArgs } from 'node:util'
import { runCampaign } from './campaign.js'
import { formatSummary, passed } from './summary.js'

const usage = `Usage: ./leadflow chaos [--events N] [--seed S] [--rate R] [--faults F] [--keep]

Runs webhook-ingest and lead-router twice each on a 3-broker Kafka, PostgreSQL and Redis of
their own, sends N signed call webhooks while killing brokers, services, Redis and Postgres,
then checks every acknowledged event became exactly one lead.

  --events N      unique events (default 10000)
  --seed S        same seed, same events and fault schedule (default: random)
  --rate R        new events per second (default 40)
  --faults F      scheduled faults, at least one of each kind (default 24)
  --background P  probability of each crash point firing on its own (default 0.003)
  --concurrency N events being delivered at once (default 32)
  --keep          keep the infrastructure's data and logs directory
`

const { values } = parseArgs({
  options: {
    events: { type: 'string' },
    seed: { type: 'string' },
    rate: { type: 'string' },
    faults: { type: 'string' },
    background: { type: 'string' },
    concurrency: { type: 'string' },
    keep: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
})

function number(value: string | undefined, name: string, fallback: number): number {
  const n = value === undefined ? fallback : Number(value)
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`--${name} must be a number ≥ 0\n${usage}`)
    process.exit(2)
  }
  return n
}

if (values.help) {
  process.stdout.write(usage)
} else {
  const summary = await runCampaign({
    events: number(values.events, 'events', 10_000),
    seed: number(values.seed, 'seed', Math.floor(Math.random() * 2 ** 31)),
    rate: number(values.rate, 'rate', 40),
    faults: number(values.faults, 'faults', 24),
    background: number(values.background, 'background', 0.003),
    concurrency: number(values.concurrency, 'concurrency', 32),
    keep: values.keep ?? false,
    log: (line) => process.stdout.write(`› ${line}\n`),
  })
  process.stdout.write(`${formatSummary(summary)}\n`)
  process.exitCode = passed(summary) ? 0 : 1
}

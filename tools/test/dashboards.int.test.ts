import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createE2eDatabase, type E2eDatabase } from '../../test-e2e/support/database.js'
import { configureProviders } from '../src/simulate/configure.js'
import { parseOptions, type SimulateOptions } from '../src/simulate/options.js'
import { simulate } from '../src/simulate/run.js'
import {
  alertRuleExpressions,
  dashboardQueries,
  exposedNames,
  metricNames,
  substituteVariables,
  type PanelQuery,
} from './dashboard-queries.js'
import { startPrometheus, type PrometheusServer } from './prometheus-server.js'
import {
  defaultDatabaseUrl,
  repoRoot,
  serviceNames,
  startStack,
  stopStack,
  waitFor,
  waitReady,
  type RunningService,
} from './stack.js'

/**
 * Queries whose metrics only get series on rare events, by panel (and, for panels with
 * several queries, a part of the query): for them the test checks that the query is valid and
 * that some service exposes each metric it reads (# HELP). Every other query must return at
 * least one series after a little traffic.
 */
const rareQueries: { panel: string; exprPart?: string; when: string }[] = [
  {
    panel: 'Dead-lettered messages and batch fallbacks',
    exprPart: 'dead_lettered',
    when: 'a message cannot be handled',
  },
  {
    panel: 'Dead-lettered messages and batch fallbacks',
    exprPart: 'batch_fallbacks',
    when: 'a batch handler fails',
  },
  { panel: 'Error rate (5xx share) by service', when: 'a service answers 5xx' },
  { panel: 'Leads assigned (1h)', when: 'a routing rule gives a lead an owner' },
  { panel: 'Leads escalated (1h)', when: 'a first-response SLA lapses' },
  { panel: 'SLA breaches (24h)', when: 'a first-response SLA lapses' },
  { panel: 'SLA breaches', when: 'a first-response SLA lapses' },
  { panel: 'Leads created, assigned, escalated', exprPart: 'assigned', when: 'a lead gets an owner' },
  { panel: 'Leads created, assigned, escalated', exprPart: 'escalated', when: 'an SLA lapses' },
  { panel: 'Mail sent and failed', when: 'an SMTP account sends (none is configured here)' },
  { panel: 'IMAP sync errors by mailbox and type', when: 'a watched mailbox fails to sync' },
]
const isRare = (q: PanelQuery) =>
  rareQueries.some((r) => r.panel === q.panel && (!r.exprPart || q.expr.includes(r.exprPart)))

const token = 'dashboards-test-internal-token'

function options(args: string[]): SimulateOptions {
  const parsed = parseOptions(args)
  if (parsed === 'help') throw new Error('unexpected help')
  return parsed
}

describe('the Grafana dashboards against a real Prometheus scraping the six services', () => {
  let running: RunningService[] = []
  let database: E2eDatabase | undefined
  let prometheus: PrometheusServer | undefined
  let queries: PanelQuery[] = []
  const exposed = new Set<string>(['up'])
  let round = 0
  const webhookArgs = () => ['--ingest-url', serviceUrl('webhook-ingest'), '--internal-token', token]
  const serviceUrl = (name: string) => running.find((s) => s.name === name)?.url ?? ''

  /**
   * A little traffic, so request, webhook and consumer series exist: signed webhooks of every
   * provider, some signed with a wrong secret (refused), and a web-form post to the gateway.
   */
  async function sendTraffic(): Promise<void> {
    const seed = String(++round)
    const good = await simulate(options([...webhookArgs(), '--seed', seed, '--count', '40', '--rate', '40']))
    expect(good.accepted).toBeGreaterThan(0)
    const bad = await simulate(
      options([
        ...webhookArgs(),
        '--count',
        '3',
        '--rate',
        '30',
        '--stripe-secret',
        'whsec_wrong',
        '--mix',
        'stripe=1',
      ]),
    )
    expect(bad.refused).toEqual({ '401': 3 })
    const form = await fetch(`${serviceUrl('gateway')}/api/v1/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ann Smith', phone: '+14155552671' }),
    })
    expect(form.status).toBe(401)
  }

  beforeAll(async () => {
    queries = await dashboardQueries()
    // A database of the test's own: its traffic and provider settings stay in this test.
    database = await createE2eDatabase(defaultDatabaseUrl)
    const env = { INTERNAL_API_TOKEN: token, DATABASE_URL: database.url }
    const group = `dashboards-test-${Date.now().toString(36)}`
    running = await startStack({
      gateway: env,
      'webhook-ingest': { ...env, PROVIDER_SETTINGS_CACHE_MS: '200' },
      contacts: env,
      // Groups of their own: they read only what is published from now on.
      'lead-router': { ...env, GROUP_ID: `lead-router-${group}` },
      mailer: { ...env, GROUP_ID: `mailer-${group}` },
      'imap-poller': env,
    })
    await Promise.all(running.map((service) => waitReady(service, 110_000)))
    prometheus = await startPrometheus(running.map((s) => ({ job: s.name, port: s.port })))

    await configureProviders(options(webhookArgs()))
    await sendTraffic()
    for (const service of running) {
      for (const name of exposedNames(await (await fetch(`${service.url}/metrics`)).text())) exposed.add(name)
    }
    await waitFor(async () => (await prometheus!.query('up == 1')).length === running.length, 60_000)
  })

  afterAll(async () => {
    await prometheus?.stop()
    await stopStack(running)
    await database?.drop()
  })

  it('scrapes every service under the job name the shipped Prometheus config gives it', async () => {
    const shipped = await readFile(new URL('deploy/prometheus/prometheus.yml', repoRoot), 'utf8')
    const jobs = [...shipped.matchAll(/job_name:\s*(\S+)/g)].map((m) => m[1])
    expect(jobs).toEqual(expect.arrayContaining([...serviceNames]))
    const up = await prometheus!.query('up')
    expect(up.map((s) => s.metric.job).sort()).toEqual([...serviceNames].sort())
  })

  it('every metric a dashboard query reads is exposed by some service', () => {
    const missing = queries.flatMap((q) =>
      metricNames(q.expr)
        .filter((n) => !exposed.has(n))
        .map((n) => `${q.panel}: ${n}`),
    )
    expect(queries.length).toBeGreaterThan(10)
    expect(missing).toEqual([])
  })

  it('every query but the rare-event ones returns series (more traffic is sent while some are empty)', async () => {
    const live = queries.filter((q) => !isRare(q))
    const emptyQueries = async () => {
      const empty: string[] = []
      for (const q of live)
        if ((await prometheus!.query(substituteVariables(q.expr))).length === 0)
          empty.push(`${q.dashboard} · ${q.panel}: ${q.expr}`)
      return empty
    }
    const deadline = Date.now() + 120_000
    let empty = await emptyQueries()
    while (empty.length > 0 && Date.now() < deadline) {
      await sendTraffic()
      await new Promise((resolve) => setTimeout(resolve, 2000))
      empty = await emptyQueries()
    }
    expect(live.length).toBeGreaterThan(15)
    expect(empty).toEqual([])
  }, 180_000)

  it('every rare-event classification names a query that still exists', () => {
    const stale = rareQueries.filter(
      (r) => !queries.some((q) => q.panel === r.panel && (!r.exprPart || q.expr.includes(r.exprPart))),
    )
    expect(stale).toEqual([])
  })

  it('the rare-event queries are valid PromQL over exposed metrics', async () => {
    for (const q of queries.filter(isRare)) {
      await expect(prometheus!.query(substituteVariables(q.expr))).resolves.toBeInstanceOf(Array)
      for (const name of metricNames(q.expr)) expect(exposed, `${q.panel}: ${name}`).toContain(name)
    }
  })

  it('every alert rule is valid PromQL on the real Prometheus and reads only exposed metrics', async () => {
    const rules = await alertRuleExpressions()
    expect(rules.length).toBeGreaterThan(5)
    const missing: string[] = []
    for (const rule of rules) {
      await expect(prometheus!.query(rule.expr), rule.alert).resolves.toBeInstanceOf(Array)
      for (const name of metricNames(rule.expr))
        if (!exposed.has(name)) missing.push(`${rule.alert}: ${name}`)
    }
    expect(missing).toEqual([])
  })
})

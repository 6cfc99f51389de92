// Static checks of the deployment assets under deploy/: every Grafana dashboard parses and its
// queries (and every alert rule expression) only use metrics the services expose.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url).pathname
const dashboardsDir = join(root, 'deploy/grafana/dashboards')
const rulesDir = join(root, 'deploy/prometheus/rules')

/**
 * Metric names (with their labels) the services expose; `service` is on every series.
 * tools/test/dashboards.int.test.ts checks the same against the real services' /metrics.
 */
const knownMetrics: Record<string, readonly string[]> = {
  http_requests_total: ['method', 'route', 'status'],
  http_request_duration_seconds_bucket: ['method', 'route', 'status', 'le'],
  kafka_consumer_messages_total: ['group', 'topic', 'outcome'],
  kafka_consumer_lag: ['group', 'topic', 'partition'],
  kafka_consumer_batch_fallbacks_total: ['group', 'topic'],
  outbox_depth: [],
  outbox_published_total: ['topic'],
  webhooks_total: ['provider', 'verdict'],
  webhook_ack_seconds_bucket: ['provider', 'le'],
  mailer_smtp_attempts_total: ['outcome'],
  imap_sync_errors_total: ['mailbox', 'type'],
  up: ['job', 'instance'],
}
const knownLabels = new Set(['service', 'job', 'instance', ...Object.values(knownMetrics).flat()])

const promqlWords = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan'])

/** Metric names and grouping/matcher label names referenced by one PromQL expression. */
function promqlReferences(expr: string): { metrics: string[]; labels: string[] } {
  const labels: string[] = []
  const noStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""')
  for (const m of noStrings.matchAll(/\{([^}]*)\}/g)) {
    for (const lm of m[1]!.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)) labels.push(lm[1]!)
  }
  for (const m of noStrings.matchAll(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g)) {
    labels.push(
      ...m[1]!
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean),
    )
  }
  const bare = noStrings
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\w+/g, ' ')
  const metrics: string[] = []
  for (const m of bare.matchAll(/(?<![\w.])([a-zA-Z_:][\w:]*)(\s*\()?/g)) {
    const [, name, call] = m
    if (call || promqlWords.has(name!.toLowerCase())) continue
    metrics.push(name!)
  }
  return { metrics: [...new Set(metrics)], labels: [...new Set(labels)] }
}

interface Panel {
  id?: number
  type?: string
  title?: string
  targets?: { expr?: string }[]
  panels?: Panel[]
}

function allPanels(panels: Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])])
}

/** `expr:` values of a rules file, including block scalars (`expr: |`). */
function ruleExpressions(text: string): string[] {
  const lines = text.split('\n')
  const exprs: string[] = []
  lines.forEach((line, i) => {
    const m = /^(\s*)expr:\s*(.*)$/.exec(line)
    if (!m) return
    const [, indent, value] = m
    if (value && !/^[|>]/.test(value)) {
      exprs.push(value)
      return
    }
    const body: string[] = []
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j]!
      if (next.trim() !== '' && next.search(/\S/) <= indent!.length) break
      body.push(next)
    }
    exprs.push(body.join('\n'))
  })
  return exprs
}

function expectKnown(where: string, expr: string): void {
  const { metrics, labels } = promqlReferences(expr)
  expect(metrics.length, `${where}: no metric in ${expr}`).toBeGreaterThan(0)
  for (const metric of metrics) expect(Object.keys(knownMetrics), `${where}: ${expr}`).toContain(metric)
  for (const label of labels) expect([...knownLabels], `${where}: label in ${expr}`).toContain(label)
}

describe('promqlReferences', () => {
  it('finds metrics and labels, ignoring functions, keywords, strings and ranges', () => {
    expect(
      promqlReferences(
        'histogram_quantile(0.95, sum by (service, le) (rate(http_request_duration_seconds_bucket{route=~"/a|b"}[$__rate_interval]))) / on(service) up > 0.5 and bool x_total offset 5m',
      ),
    ).toEqual({
      metrics: ['http_request_duration_seconds_bucket', 'up', 'x_total'],
      labels: ['route', 'service', 'le'],
    })
  })
})

describe('Grafana dashboards', () => {
  const files = readdirSync(dashboardsDir).filter((f) => f.endsWith('.json'))

  it('exist', () => {
    expect(files.length).toBeGreaterThanOrEqual(2)
  })

  it.each(files)('%s parses, has unique ids and only known metrics', (file) => {
    const dashboard = JSON.parse(readFileSync(join(dashboardsDir, file), 'utf8')) as {
      uid: string
      panels: Panel[]
    }
    expect(dashboard.uid).toMatch(/^[\w-]{1,40}$/)
    const panels = allPanels(dashboard.panels)
    const ids = panels.map((p) => p.id)
    expect(new Set(ids).size, 'panel ids are unique').toBe(ids.length)
    const queries = panels.filter((p) => p.type !== 'row')
    expect(queries.length).toBeGreaterThan(0)
    for (const panel of queries) {
      expect(panel.targets?.length, `${file}: ${panel.title} has a query`).toBeGreaterThan(0)
      for (const target of panel.targets ?? []) expectKnown(`${file}: ${panel.title}`, target.expr ?? '')
    }
  })

  it('cover what operators watch', () => {
    const text = files.map((f) => readFileSync(join(dashboardsDir, f), 'utf8')).join('\n')
    for (const metric of Object.keys(knownMetrics)) expect(text, metric).toContain(metric)
  })

  it('use the provisioned datasource', () => {
    const datasource = readFileSync(
      join(root, 'deploy/grafana/provisioning/datasources/prometheus.yml'),
      'utf8',
    )
    expect(datasource).toMatch(/uid: prometheus\b/)
  })
})

describe('Prometheus rules', () => {
  const files = readdirSync(rulesDir).filter((f) => f.endsWith('.yml'))

  it.each(files)('%s only uses known metrics', (file) => {
    const exprs = ruleExpressions(readFileSync(join(rulesDir, file), 'utf8'))
    expect(exprs.length).toBeGreaterThan(0)
    for (const expr of exprs) expectKnown(file, expr)
  })
})

describe('docker-compose.yml', () => {
  it('mounts only files that exist', () => {
    const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8')
    const mounts = [...compose.matchAll(/- \.\/([\w./-]+):/g)].map((m) => m[1]!)
    expect(mounts.length).toBeGreaterThan(0)
    for (const path of mounts) expect(existsSync(join(root, path)), path).toBe(true)
  })
})

describe('docs/runbook.md', () => {
  const runbook = readFileSync(join(root, 'docs/runbook.md'), 'utf8')
  const anchors = new Set(
    [...runbook.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
      m[1]!
        .toLowerCase()
        .replace(/[^\w\s-]/g, '')
        .trim()
        .replace(/\s/g, '-'),
    ),
  )

  it('has every section the alert rules link to', () => {
    const rules = readdirSync(rulesDir)
      .map((f) => readFileSync(join(rulesDir, f), 'utf8'))
      .join('\n')
    const links = [...rules.matchAll(/runbook\.md#([\w-]+)/g)].map((m) => m[1]!)
    expect(links.length).toBeGreaterThan(0)
    for (const link of links) expect([...anchors], link).toContain(link)
  })
})

import { readdir, readFile } from 'node:fs/promises'
import { repoRoot } from './stack.js'

export interface PanelQuery {
  dashboard: string
  panel: string
  expr: string
}

interface Panel {
  title?: string
  panels?: Panel[]
  targets?: { expr?: string }[]
}

/** Every panel expression of the dashboards Grafana provisions (deploy/grafana/dashboards). */
export async function dashboardQueries(): Promise<PanelQuery[]> {
  const dir = new URL('deploy/grafana/dashboards/', repoRoot)
  const queries: PanelQuery[] = []
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()) {
    const board = JSON.parse(await readFile(new URL(file, dir), 'utf8')) as {
      title?: string
      panels?: Panel[]
    }
    const walk = (panels: Panel[] = []): void => {
      for (const panel of panels) {
        walk(panel.panels)
        for (const target of panel.targets ?? [])
          if (target.expr)
            queries.push({ dashboard: file, panel: panel.title ?? '(untitled)', expr: target.expr })
      }
    }
    walk(board.panels)
  }
  return queries
}

/**
 * The expression as Grafana sends it: `$__rate_interval` becomes a window holding several
 * 1 s scrapes, template variables select everything (their "All" value).
 */
export function substituteVariables(expr: string, rateInterval = '15s'): string {
  return expr
    .replaceAll('$__rate_interval', rateInterval)
    .replaceAll('$__interval', rateInterval)
    .replaceAll('$__range', '1h')
    .replace(/\$\{?[A-Za-z_]\w*\}?/g, '.*')
}

const keywords = new Set([
  'and',
  'or',
  'unless',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'inf',
  'nan',
])

/** The metric names an expression reads (label matchers, ranges, by/without lists and functions removed). */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/"[^"]*"/g, ' ')
  const names = new Set<string>()
  for (const match of bare.matchAll(/([A-Za-z_:][\w:]*)(\s*\()?/g)) {
    const [, name = '', call] = match
    if (!call && !keywords.has(name.toLowerCase())) names.add(name)
  }
  return [...names]
}

/** Names declared by `# HELP` lines of a /metrics text (histograms also by their _bucket/_sum/_count series). */
export function exposedNames(metricsText: string): Set<string> {
  const names = new Set<string>()
  for (const match of metricsText.matchAll(/^# HELP (\S+)/gm)) {
    const name = match[1] ?? ''
    for (const suffix of ['', '_bucket', '_sum', '_count']) names.add(`${name}${suffix}`)
  }
  return names
}

/** Every alert rule's expression in deploy/prometheus/rules (block scalars `expr: |` included). */
export async function alertRuleExpressions(): Promise<{ alert: string; expr: string }[]> {
  const dir = new URL('deploy/prometheus/rules/', repoRoot)
  const rules: { alert: string; expr: string }[] = []
  for (const file of (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f))) {
    const lines = (await readFile(new URL(file, dir), 'utf8')).split('\n')
    let alert = ''
    lines.forEach((line, i) => {
      const name = /^\s*- (?:alert|record):\s*(\S+)/.exec(line)
      if (name) alert = name[1] ?? ''
      const expr = /^(\s*)expr:\s*(.*)$/.exec(line)
      if (!expr) return
      const [, indent = '', value = ''] = expr
      if (!/^[|>]/.test(value)) return void rules.push({ alert, expr: value.replace(/^'(.*)'$/, '$1') })
      const body: string[] = []
      for (const next of lines.slice(i + 1)) {
        if (next.trim() !== '' && next.search(/\S/) <= indent.length) break
        body.push(next.trim())
      }
      rules.push({ alert, expr: body.join(' ').trim() })
    })
  }
  return rules
}

import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { cpus, release, totalmem } from 'node:os'
import type { BenchResult } from './lib/bench-result.js'

/** One benchmark as the runner ran it. */
export interface BenchRun {
  id: string
  script: string
  result?: BenchResult
  error?: string
  loadBefore: string
  loadAfter: string
  seconds: number
}

const quiet = (cmd: string, args: string[]): string => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return 'unknown'
  }
}

/** The running Kafka broker's version, from its class path (kafka_2.13-<version>.jar or the jars' kafka-<version>/ directory). */
function kafkaVersion(): string {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1')
      const match = /kafka_[\d.]+-(\d+\.\d+\.\d+)\.jar|\/kafka-(\d+\.\d+\.\d+)\//.exec(cmdline)
      const version = match?.[1] ?? match?.[2]
      if (version) return version
    } catch {
      // a process that ended meanwhile
    }
  }
  return 'unknown'
}

export function machine(): string[] {
  const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown'
  return [
    `- CPU: ${model}, ${cpus().length} cores`,
    `- RAM: ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Linux ${release()}`,
  ]
}

export function versions(databaseUrl: string, redisPort: string): string[] {
  const pg = quiet('psql', [databaseUrl, '-Atc', 'SHOW server_version'])
  const redis = /redis_version:(\S+)/.exec(quiet('redis-cli', ['-p', redisPort, 'INFO', 'server']))?.[1]
  const commit = quiet('git', ['rev-parse', '--short', 'HEAD'])
  return [
    '| Node.js | PostgreSQL | Apache Kafka | Redis | Leadflow commit |',
    '| --- | --- | --- | --- | --- |',
    `| ${process.version} | ${pg} | ${kafkaVersion()} | ${redis ?? 'unknown'} | ${commit} |`,
  ]
}

const verdict = (r: BenchResult): string => (r.met === null ? 'no target' : r.met ? '**met**' : '**not met**')

function section(run: BenchRun): string[] {
  const head = `### ${run.result?.name ?? run.id}`
  const timing = `Load average before → after: ${run.loadBefore} → ${run.loadAfter}; ran ${run.seconds.toFixed(0)} s (\`${run.script}\`).`
  if (!run.result) return [head, '', `**Failed:** ${run.error ?? 'no result'}`, '', timing, '']
  const r = run.result
  const lines = [
    head,
    '',
    `Measured: ${r.measured}.`,
    '',
    `- Leadflow: ${r.leadflow}`,
    `- Baseline: ${r.baseline}`,
    `- Ratio: ${r.ratio.toFixed(2)}`,
    `- Target: ${r.target || 'none'} — ${verdict(r)}`,
    ...r.notes.map((note) => `- ${note}`),
    '',
  ]
  if (r.table) {
    const [header = [], ...rows] = r.table
    lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`)
    for (const row of rows) lines.push(`| ${row.join(' | ')} |`)
    lines.push('')
  }
  return [...lines, timing, '']
}

export function report(options: {
  runs: BenchRun[]
  quick: boolean
  startedAt: Date
  loadBefore: string
  loadAfter: string
  databaseUrl: string
  redisPort: string
}): string {
  const { runs } = options
  const summary = runs.map((run) => {
    const r = run.result
    if (!r) return `| ${run.id} | failed | | | | | ${run.loadBefore} → ${run.loadAfter} |`
    return `| ${r.name} | ${r.leadflow} | ${r.baseline} | ${r.ratio.toFixed(2)} | ${r.target || '—'} | ${verdict(r)} | ${run.loadBefore} → ${run.loadAfter} |`
  })
  return [
    '# Leadflow benchmark report',
    '',
    `Generated ${options.startedAt.toISOString()} by \`pnpm bench\` (bench/run.ts)` +
      (options.quick ? ' in **quick mode: short runs, figures not representative**.' : ', full durations.'),
    'Every figure is next to its baseline measured in the same invocation on the same machine; the',
    'load average (1, 5, 15 min) before and after each benchmark says how busy the machine was.',
    '',
    '## Machine',
    '',
    ...machine(),
    `- Load average at the start: ${options.loadBefore}; at the end: ${options.loadAfter}`,
    '',
    '## Versions',
    '',
    ...versions(options.databaseUrl, options.redisPort),
    '',
    '## Summary',
    '',
    '| benchmark | Leadflow | baseline | ratio | target | verdict | load average before → after |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...summary,
    '',
    '## Benchmarks',
    '',
    ...runs.flatMap(section),
  ].join('\n')
}

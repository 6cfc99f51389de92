import type { Summary } from './campaign.js'

/** True when the run proved what it should: drained, nothing lost, doubled or made up. */
export function passed(summary: Summary): boolean {
  const { lost, duplicated, phantom } = summary.verdict
  return summary.drained && lost.length === 0 && duplicated.length === 0 && phantom.length === 0
}

const examples = (ids: readonly string[]): string =>
  ids.length > 0 ? `  e.g. ${ids.slice(0, 5).join(', ')}` : ''

/** The printed report: the seed to replay it, what was sent, what was broken, what came out. */
export function formatSummary(summary: Summary): string {
  const v = summary.verdict
  const faults = Object.entries(summary.faults)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `    ${kind.padEnd(56)} ${n}`)
  return [
    `fault campaign — seed ${summary.seed}`,
    `  events sent                 ${summary.events}`,
    `  redeliveries                ${summary.redeliveries}`,
    `  duplicate pairs             ${summary.duplicatePairs}`,
    `  redeliveries after Redis loss ${summary.redeliveriesAfterRedisLoss}`,
    `  HTTP requests               ${summary.requests} (${summary.unknownOutcomes} with an unknown outcome, retried)`,
    `  faults injected:`,
    ...faults,
    ...(summary.crashes.length > 0
      ? ['  unplanned crashes:', ...summary.crashes.map((c) => `    ${c}`)]
      : []),
    `  acknowledged                ${v.acked}`,
    `  unknown (never acknowledged) ${v.unknown}`,
    `  leads                       ${v.leads}`,
    `  lost                        ${v.lost.length}${examples(v.lost)}`,
    `  duplicated                  ${v.duplicated.length}${examples(v.duplicated)}`,
    `  phantom                     ${v.phantom.length}${examples(v.phantom)}`,
    ...(summary.refused.length > 0
      ? [`  refused requests            ${summary.refused.length}${examples(summary.refused)}`]
      : []),
    `  drained                     ${summary.drained ? 'yes' : 'NO (outbox or consumer lag left at the deadline)'}`,
    `  wall time                   ${summary.wallSeconds} s`,
    ...(summary.home ? [`  data and logs kept in ${summary.home}`] : []),
    passed(summary) ? 'PASS: every acknowledged event has exactly one lead' : 'FAIL',
  ].join('\n')
}

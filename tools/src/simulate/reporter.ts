import type { Summary } from './stats.js'

export interface Progress {
  /** 0..1 of the planned count or duration. */
  fraction: number
  summary: Summary
}

const refusedText = (s: Summary) =>
  Object.entries(s.refused)
    .map(([status, n]) => `${status}×${n}`)
    .join(' ') || '0'

/** One status line: counts so far and the achieved rate. */
export function progressLine(p: Progress): string {
  const s = p.summary
  const rate = s.elapsedSec > 0 ? (s.sent / s.elapsedSec).toFixed(1) : '0.0'
  return `${s.sent} sent · ${s.accepted} accepted · ${s.duplicate} duplicate · refused ${refusedText(s)} · ${s.errors} errors · ${rate}/s`
}

/**
 * Progress output: a redrawn bar on a terminal, a plain line every `everyMs` otherwise
 * (logs, CI), so piped output stays readable.
 */
export function createProgressWriter(out: NodeJS.WriteStream, everyMs = 5000) {
  const tty = out.isTTY
  let lastLine = 0
  return {
    update(p: Progress): void {
      if (tty) {
        const width = 30
        const filled = Math.round(Math.min(1, p.fraction) * width)
        const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`
        out.write(`\r\x1b[2K${bar} ${Math.floor(p.fraction * 100)}%  ${progressLine(p)}`)
      } else if (Date.now() - lastLine >= everyMs) {
        lastLine = Date.now()
        out.write(`${Math.floor(p.fraction * 100)}% ${progressLine(p)}\n`)
      }
    },
    done(): void {
      if (tty) out.write('\n')
    },
  }
}

/** The final report, one fact per line. */
export function formatSummary(s: Summary): string {
  const lines = [
    `sent        ${s.sent} in ${s.elapsedSec.toFixed(1)} s (${s.redeliveries} redeliveries)`,
    `accepted    ${s.accepted}`,
    `duplicate   ${s.duplicate}`,
    `refused     ${refusedText(s)}`,
    `errors      ${s.errors}${s.firstError ? ` (first: ${s.firstError})` : ''}`,
    `latency     p50 ${s.latencyMs.p50.toFixed(1)} ms · p99 ${s.latencyMs.p99.toFixed(1)} ms · max ${s.latencyMs.max.toFixed(1)} ms`,
  ]
  if (s.mailed > 0) lines.splice(3, 0, `mailed      ${s.mailed}`)
  const channels = Object.entries(s.byChannel)
    .map(([name, c]) => `${name} ${c.sent}/${c.accepted}/${c.duplicate}/${c.refused}/${c.errors}`)
    .join(' · ')
  lines.push(`by channel  (sent/accepted/duplicate/refused/errors) ${channels}`)
  return lines.join('\n')
}

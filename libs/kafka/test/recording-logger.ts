import type { KafkaLogger } from '../src/index.js'

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error'
  readonly bindings: Record<string, unknown>
  readonly obj: object
  readonly msg: string
}

/** A logger that keeps every line in memory (with its child bindings) for assertions. */
export function recordingLogger(
  lines: LogLine[] = [],
  bindings: Record<string, unknown> = {},
): KafkaLogger & { lines: LogLine[] } {
  const write =
    (level: LogLine['level']) =>
    (obj: object, msg: string): void => {
      lines.push({ level, bindings, obj, msg })
    }
  return {
    lines,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more: object) => recordingLogger(lines, { ...bindings, ...more }),
  }
}

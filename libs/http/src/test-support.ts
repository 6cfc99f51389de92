import { createLogger, createMetrics, type Logger } from '@leadflow/telemetry'

/** A logger that keeps its JSON lines in memory, for assertions on what was logged. */
export function memoryLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = []
  const logger = createLogger({
    service: 'test',
    level: 'info',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  })
  return { logger, lines }
}

export function testMetrics() {
  return createMetrics({ service: 'test' })
}

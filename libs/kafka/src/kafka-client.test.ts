import { logLevel } from 'kafkajs'
import { describe, expect, it } from 'vitest'
import { writeKafkaLog } from './kafka-client.js'
import type { KafkaLogger } from './kafka-logger.js'

function recordingLogger(lines: { level: string; obj: object; msg: string }[]): KafkaLogger {
  const at =
    (level: string) =>
    (obj: object, msg: string): void => {
      lines.push({ level, obj, msg })
    }
  const logger: KafkaLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  }
  return logger
}

describe('kafkajs logs', () => {
  it.each([
    [logLevel.ERROR, 'error'],
    [logLevel.WARN, 'warn'],
    [logLevel.INFO, 'info'],
    [logLevel.DEBUG, 'debug'],
  ])('level %i goes to %s with the fields first and kafkajs message as message', (level, expected) => {
    const lines: { level: string; obj: object; msg: string }[] = []
    writeKafkaLog(recordingLogger(lines), {
      namespace: 'Consumer',
      level,
      label: 'X',
      log: { timestamp: '2025-01-01T00:00:00Z', logger: 'kafkajs', message: 'Starting', groupId: 'g1' },
    })
    expect(lines).toEqual([
      { level: expected, obj: { namespace: 'Consumer', groupId: 'g1' }, msg: 'Starting' },
    ])
  })

  it('demotes the warning about bounded idempotent retries, which is a deliberate choice', () => {
    const lines: { level: string; obj: object; msg: string }[] = []
    const message = 'Limiting retries for the idempotent producer may invalidate EoS guarantees'
    writeKafkaLog(recordingLogger(lines), {
      namespace: 'Producer',
      level: logLevel.WARN,
      label: 'WARN',
      log: { timestamp: '2025-01-01T00:00:00Z', logger: 'kafkajs', message },
    })
    expect(lines.map((line) => line.level)).toEqual(['debug'])
  })
})

import { createLogger, type Logger } from '@leadflow/telemetry'
import { describe, expect, it } from 'vitest'
import { requestLogger } from './request-logger.js'

function logger(level: 'info' | 'warn') {
  const lines: Record<string, unknown>[] = []
  const parent = createLogger({
    service: 'test',
    level,
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  })
  let children = 0
  const child = parent.child.bind(parent)
  parent.child = ((...args: Parameters<typeof child>) => {
    children++
    return child(...args)
  }) as typeof parent.child
  return { parent, lines, children: () => children }
}

describe('a request logger', () => {
  it('writes enabled lines with the request id bound and secrets redacted', () => {
    const { parent, lines } = logger('info')
    const log = requestLogger(parent, { requestId: 'req-1' }, {})
    log.info({ password: 'hunter2', leadId: 'l1' }, 'lead read')
    log.debug({ leadId: 'l1' }, 'not written')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ requestId: 'req-1', leadId: 'l1', msg: 'lead read', level: 'info' })
    expect(lines[0]?.password).toBe('[redacted]')
    const pino = log as unknown as Logger // what pino offers besides Fastify's logger interface
    expect(pino.bindings()).toMatchObject({ requestId: 'req-1' })
    expect([pino.isLevelEnabled('info'), pino.isLevelEnabled('debug')]).toEqual([true, false])
  })

  it('makes no child for a request that writes nothing at an enabled level', () => {
    const { parent, lines, children } = logger('warn')
    const log = requestLogger(parent, { requestId: 'req-2' }, {})
    log.info('incoming request')
    log.info('request completed')
    const pino = log as unknown as Logger
    expect([pino.levelVal, pino.isLevelEnabled('warn')]).toEqual([parent.levelVal, true])
    expect(children()).toBe(0)
    log.warn({ code: 'x' }, 'slow')
    log.error('failed')
    expect(children()).toBe(1)
    expect(lines.map((l) => [l.requestId, l.msg])).toEqual([
      ['req-2', 'slow'],
      ['req-2', 'failed'],
    ])
  })

  it("follows a route's own level", () => {
    const { parent, lines } = logger('info')
    const quiet = requestLogger(parent, { requestId: 'req-3' }, { level: 'warn' })
    expect(quiet.level).toBe('warn')
    quiet.info('health checked')
    quiet.warn('not ready')
    expect(lines.map((l) => l.msg)).toEqual(['not ready'])
    const silent = requestLogger(parent, { requestId: 'req-4' }, { level: 'silent' })
    silent.fatal('never')
    expect(lines).toHaveLength(1)
  })
})

import { describe, expect, it } from 'vitest'
import { createLogger, type LoggerOptions } from './logger.js'

function capture(options: Omit<LoggerOptions, 'destination'> = { service: 'gateway', level: 'info' }) {
  const lines: Record<string, unknown>[] = []
  const logger = createLogger({
    ...options,
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  })
  return { logger, lines }
}

describe('createLogger', () => {
  it('writes JSON lines with the service, a text level and the message', () => {
    const { logger, lines } = capture()
    logger.info({ leadId: 'l1' }, 'lead assigned')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ service: 'gateway', level: 'info', msg: 'lead assigned', leadId: 'l1' })
    expect(typeof lines[0]!.time).toBe('string')
  })

  it('respects the level', () => {
    const { logger, lines } = capture({ service: 'gateway', level: 'warn' })
    logger.info('not written')
    logger.warn('written')
    expect(lines.map((line) => line.msg)).toEqual(['written'])
  })

  it('redacts secrets in headers and nested objects without touching other fields', () => {
    const { logger, lines } = capture()
    const secrets = [
      'Bearer abc.def.ghi',
      'session=s3cr3t',
      'sid=xyz; HttpOnly',
      'v1,c2lnbmF0dXJl',
      't=1,v1=deadbeef',
      'whsec-sig-1',
      'key_live_123',
      'hunter2',
      'refresh-456',
      'access-789',
      'sk_test_abc',
      'shh',
      'zadarma-sig',
    ]
    logger.info(
      {
        req: {
          method: 'POST',
          headers: {
            authorization: secrets[0],
            cookie: secrets[1],
            'webhook-signature': secrets[3],
            'stripe-signature': secrets[4],
            'x-api-key': secrets[6],
            signature: secrets[12],
            'content-type': 'application/json',
          },
        },
        res: { headers: { 'set-cookie': secrets[2] } },
        password: secrets[7],
        body: { refreshToken: secrets[8], accessToken: secrets[9], email: 'a@example.com' },
        provider: { settings: { apiKey: secrets[10], secret: secrets[11], signature: secrets[5] } },
      },
      'request received',
    )
    const text = JSON.stringify(lines[0])
    for (const value of secrets) expect(text).not.toContain(value)
    expect(lines[0]).toMatchObject({
      password: '[redacted]',
      req: { method: 'POST', headers: { authorization: '[redacted]', 'content-type': 'application/json' } },
      body: { refreshToken: '[redacted]', email: 'a@example.com' },
      provider: { settings: { apiKey: '[redacted]' } },
    })
  })

  it('adds no trace fields outside a span', () => {
    const { logger, lines } = capture()
    logger.info('no span')
    expect(lines[0]).not.toHaveProperty('trace_id')
  })
})

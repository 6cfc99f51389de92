import { describe, expect, it } from 'vitest'
import { baseConfigSchema } from './base-config.schema.js'
import { parseFailpoints } from './failpoints.schema.js'
import { loadConfig } from './load-config.js'

describe('parseFailpoints', () => {
  it.each([
    ['', {}],
    ['outbox.after-broker-ack=0.02', { 'outbox.after-broker-ack': 0.02 }],
    [
      ' outbox.after-broker-ack = 1 , consumer.after-commit-before-offset=.5,',
      { 'outbox.after-broker-ack': 1, 'consumer.after-commit-before-offset': 0.5 },
    ],
    ['a=0,b=1.0', { a: 0, b: 1 }],
  ])('reads %j', (text, spec) => {
    expect(parseFailpoints(text)).toEqual(spec)
  })

  it.each([
    ['outbox.after-broker-ack', 'is not name=probability'],
    ['outbox=0.1=2', 'is not name=probability'],
    ['Outbox=0.1', 'is not name=probability'],
    ['outbox=1.5', 'needs a probability from 0 to 1'],
    ['outbox=-0.1', 'needs a probability from 0 to 1'],
    ['outbox=often', 'needs a probability from 0 to 1'],
    ['outbox=', 'needs a probability from 0 to 1'],
  ])('refuses %j', (text, reason) => {
    expect(() => parseFailpoints(text)).toThrow(reason)
  })
})

describe('LEADFLOW_FAILPOINTS in the configuration', () => {
  const base = { PORT: '0', DATABASE_URL: 'postgresql://leadflow:leadflow@127.0.0.1:5432/leadflow' }

  it('is empty when unset and parsed when set', () => {
    expect(loadConfig(baseConfigSchema, base).LEADFLOW_FAILPOINTS).toEqual({})
    const config = loadConfig(baseConfigSchema, {
      ...base,
      LEADFLOW_FAILPOINTS: 'outbox.after-broker-ack=0.5',
    })
    expect(config.LEADFLOW_FAILPOINTS).toEqual({ 'outbox.after-broker-ack': 0.5 })
  })

  it('names the variable when a pair is malformed', () => {
    expect(() => loadConfig(baseConfigSchema, { ...base, LEADFLOW_FAILPOINTS: 'outbox' })).toThrow(
      /LEADFLOW_FAILPOINTS/,
    )
  })

  it('is refused in production', () => {
    const env = {
      ...base,
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://leadflow:Zq7pLm2wX9vR4kT8nBq3@db:5432/leadflow',
      INTERNAL_API_TOKEN: 'Hk3$mP9qLw2#zX7vB4nR8tY6cJ1dF5gS',
      LEADFLOW_FAILPOINTS: 'outbox.after-broker-ack=0.01',
    }
    expect(() => loadConfig(baseConfigSchema, env)).toThrow(/LEADFLOW_FAILPOINTS.*refused in production/)
    const { LEADFLOW_FAILPOINTS: _armed, ...unarmed } = env
    expect(loadConfig(baseConfigSchema, unarmed).LEADFLOW_FAILPOINTS).toEqual({})
  })
})

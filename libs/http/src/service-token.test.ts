import { afterEach, describe, expect, it } from 'vitest'
import { createHttpServer, type HttpServer } from './create-http-server.js'
import { requireServiceToken } from './service-token.js'
import { memoryLogger, testMetrics } from './test-support.js'

const token = 'q7V2x9LmP4zR8tKcW1nB6yHd3sJf0aGe'

let app: HttpServer | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

function build(): HttpServer {
  app = createHttpServer({ service: 'test', logger: memoryLogger().logger, metrics: testMetrics() })
  void app.register((internal, _opts, done) => {
    internal.addHook('preHandler', requireServiceToken(token))
    internal.get('/internal/contacts/:id', () => ({ id: 'c1' }))
    done()
  })
  return app
}

describe('requireServiceToken', () => {
  it('lets a request with the service token through', async () => {
    const res = await build().inject({
      method: 'GET',
      url: '/internal/contacts/c1',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ id: 'c1' })
  })

  it.each([
    ['no header', undefined],
    ['a wrong token', 'Bearer q7V2x9LmP4zR8tKcW1nB6yHd3sJf0aGX'],
    ['a prefix of the token', `Bearer ${token.slice(0, 10)}`],
    ['another scheme', `Basic ${token}`],
    ['the bare token', token],
  ])('refuses %s with 401 problem+json', async (_label, authorization) => {
    const res = await build().inject({
      method: 'GET',
      url: '/internal/contacts/c1',
      headers: authorization === undefined ? {} : { authorization },
    })
    expect(res.statusCode).toBe(401)
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(res.headers['www-authenticate']).toBe('Bearer')
    expect(res.json()).toMatchObject({ code: 'unauthorized', status: 401 })
  })

  it('leaves health routes open', async () => {
    const res = await build().inject({ method: 'GET', url: '/healthz' })
    expect(res.statusCode).toBe(200)
  })

  it('refuses to be created without a token', () => {
    expect(() => requireServiceToken('')).toThrow()
  })
})

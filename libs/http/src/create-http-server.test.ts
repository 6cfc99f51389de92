import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from './app-error.js'
import { createHttpServer, type HttpServer, type HttpServerOptions } from './create-http-server.js'
import { memoryLogger, testMetrics } from './test-support.js'

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

let app: HttpServer | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

function build(overrides: Partial<HttpServerOptions> = {}) {
  const { logger, lines } = memoryLogger()
  const metrics = testMetrics()
  app = createHttpServer({ service: 'test', logger, metrics, ...overrides })
  app.post(
    '/leads',
    {
      schema: {
        body: {
          type: 'object',
          required: ['email', 'name'],
          properties: { email: { type: 'string', format: 'email' }, name: { type: 'string', minLength: 1 } },
        },
      },
    },
    (_request, reply) => reply.code(202).send({ submissionId: 's1' }),
  )
  app.get('/leads/:id', (request) => ({ id: (request.params as { id: string }).id }))
  app.get('/boom', () => {
    throw new Error('db password is hunter2 at 10.0.0.5')
  })
  app.get('/busy', () => {
    throw new AppError('rate_limited', 429, 'Slow down', { headers: { 'retry-after': '30' } })
  })
  return { app, lines, metrics }
}

describe('createHttpServer', () => {
  it.each([
    ['2026-11-23T10:00:00Z', 200],
    ['2026-11-23T10:00:00.123+03:00', 200],
    ['0001-01-01T00:00:00+03:04', 400],
    ['9999-12-31T23:59:59-01:00', 400],
    ['2026-11-23', 400],
    ['2026-11-23T10:00:00', 400],
  ])('a date-time filter %s answers %i (only instants every store accepts)', async (since, status) => {
    const { app } = build()
    app.get(
      '/since',
      {
        schema: {
          querystring: { type: 'object', properties: { since: { type: 'string', format: 'date-time' } } },
        },
      },
      () => ({ ok: true }),
    )
    const res = await app.inject({ method: 'GET', url: `/since?since=${encodeURIComponent(since)}` })
    expect(res.statusCode).toBe(status)
    if (status === 400) expect(res.headers['content-type']).toContain('application/problem+json')
  })

  it('answers /healthz with security headers and a generated request id', async () => {
    const { app } = build()
    const res = await app.inject({ method: 'GET', url: '/healthz' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok' })
    expect(res.headers['x-request-id']).toMatch(uuid)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['strict-transport-security']).toContain('max-age=')
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
    expect(res.headers['x-powered-by']).toBeUndefined()
  })

  it('echoes a sane incoming request id and replaces an unsafe one', async () => {
    const { app } = build()
    const sane = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'abc-123_x.y:z' },
    })
    expect(sane.headers['x-request-id']).toBe('abc-123_x.y:z')
    for (const bad of ['a'.repeat(65), 'has space', '<script>', 'line\\nbreak']) {
      const res = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': bad } })
      expect(res.headers['x-request-id']).toMatch(uuid)
    }
  })

  it('answers unknown routes with a 404 problem', async () => {
    const { app } = build()
    const res = await app.inject({ method: 'GET', url: '/nope', headers: { 'x-request-id': 'req-404' } })
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(res.headers['x-request-id']).toBe('req-404')
    expect(res.json()).toEqual({
      type: 'https://leadflow.dev/problems/not_found',
      title: 'Not found',
      status: 404,
      detail: 'No route matches this method and path',
      code: 'not_found',
      requestId: 'req-404',
    })
  })

  it('lists every invalid field of a request body', async () => {
    const { app } = build()
    const res = await app.inject({ method: 'POST', url: '/leads', payload: { email: 'not-an-email' } })
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    const body = res.json<{ code: string; status: number; errors: { field: string; message: string }[] }>()
    expect(body).toMatchObject({ code: 'validation_failed', status: 400, title: 'Validation failed' })
    expect(body.errors.map((e) => e.field).sort()).toEqual(['email', 'name'])
    expect(body.errors.every((e) => e.message.length > 0)).toBe(true)
  })

  it('answers malformed JSON with 400 bad_request', async () => {
    const { app } = build()
    const res = await app.inject({
      method: 'POST',
      url: '/leads',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'bad_request', detail: 'The request body is not valid JSON' })
  })

  it('answers a body over the limit with 413', async () => {
    const { app } = build({ bodyLimit: 64 })
    const res = await app.inject({
      method: 'POST',
      url: '/leads',
      payload: { email: 'a@b.co', name: 'x'.repeat(100) },
    })
    expect(res.statusCode).toBe(413)
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(res.json()).toMatchObject({ code: 'payload_too_large', status: 413 })
  })

  it('answers an unsupported content type with 415', async () => {
    const { app } = build()
    const res = await app.inject({
      method: 'POST',
      url: '/leads',
      headers: { 'content-type': 'application/xml' },
      payload: '<lead/>',
    })
    expect(res.statusCode).toBe(415)
    expect(res.json()).toMatchObject({ code: 'unsupported_media_type', status: 415 })
  })

  it('hides unexpected errors from the client and logs them', async () => {
    const { app, lines } = build()
    const res = await app.inject({ method: 'GET', url: '/boom', headers: { 'x-request-id': 'req-500' } })
    expect(res.statusCode).toBe(500)
    expect(res.body).not.toContain('hunter2')
    expect(res.body).not.toContain('at ')
    expect(res.json()).toEqual({
      type: 'https://leadflow.dev/problems/internal',
      title: 'Internal server error',
      status: 500,
      detail: 'An unexpected error occurred',
      code: 'internal',
      requestId: 'req-500',
    })
    const logged = lines.find((line) => line.msg === 'request failed')
    expect(logged).toMatchObject({
      level: 'error',
      requestId: 'req-500',
      err: { message: expect.stringContaining('hunter2') as unknown },
    })
  })

  it('answers an AppError with its status, code, message and headers', async () => {
    const { app } = build()
    const res = await app.inject({ method: 'GET', url: '/busy' })
    expect(res.statusCode).toBe(429)
    expect(res.headers['retry-after']).toBe('30')
    expect(res.json()).toMatchObject({
      code: 'rate_limited',
      title: 'Too many requests',
      detail: 'Slow down',
    })
  })
})

describe('readiness', () => {
  it('answers 200 with every check ok', async () => {
    const { app } = build({
      readiness: [
        { name: 'postgres', check: () => Promise.resolve() },
        { name: 'kafka', check: () => Promise.resolve() },
      ],
    })
    const res = await app.inject({ method: 'GET', url: '/readyz' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ready', checks: { postgres: 'ok', kafka: 'ok' } })
  })

  it('answers 503 naming each failing or hanging dependency', async () => {
    const { app } = build({
      readinessTimeoutMs: 50,
      readiness: [
        { name: 'postgres', check: () => Promise.resolve() },
        { name: 'kafka', check: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9092')) },
        { name: 'redis', check: () => new Promise<void>(() => undefined) },
      ],
    })
    const res = await app.inject({ method: 'GET', url: '/readyz' })
    expect(res.statusCode).toBe(503)
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(res.json()).toMatchObject({
      code: 'not_ready',
      status: 503,
      detail: 'kafka: connect ECONNREFUSED 127.0.0.1:9092; redis: timed out after 50 ms',
      checks: {
        postgres: 'ok',
        kafka: 'connect ECONNREFUSED 127.0.0.1:9092',
        redis: 'timed out after 50 ms',
      },
    })
  })
})

describe('metrics', () => {
  it('exposes RED metrics labelled with the route pattern, not the raw URL', async () => {
    const { app } = build()
    await app.inject({ method: 'GET', url: '/leads/abc' })
    await app.inject({ method: 'GET', url: '/leads/def' })
    await app.inject({ method: 'GET', url: '/missing/xyz' })
    const res = await app.inject({ method: 'GET', url: '/metrics' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/plain')
    expect(res.body).toContain(
      'http_requests_total{method="GET",route="/leads/:id",status="200",service="test"} 2',
    )
    expect(res.body).toContain(
      'http_requests_total{method="GET",route="unmatched",status="404",service="test"} 1',
    )
    expect(res.body).toMatch(
      /http_request_duration_seconds_count\{service="test",method="GET",route="\/leads\/:id",status="200"\} 2/,
    )
    expect(res.body).not.toContain('/leads/abc')
    expect(res.body).toContain('process_cpu_user_seconds_total')
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpServer } from './create-http-server.js'
import { appError } from './app-error.js'
import { createInternalClient, InternalApiError } from './internal-client.js'
import { requireServiceToken } from './service-token.js'
import { memoryLogger, testMetrics } from './test-support.js'

describe('createInternalClient', () => {
  const app = createHttpServer({ service: 'test', logger: memoryLogger().logger, metrics: testMetrics() })
  let baseUrl = ''
  beforeAll(async () => {
    app.addHook('preHandler', requireServiceToken('the-service-token'))
    app.get('/things/:id', (request) => {
      const { id } = request.params as { id: string }
      if (id === 'missing') throw appError('not_found', 'No such thing')
      return { id, query: request.query, requestId: request.id }
    })
    app.post('/things', (request) => ({ created: request.body }))
    app.get('/slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      return { late: true }
    })
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(() => app.close())

  it('sends the token, query and request id and parses JSON', async () => {
    const client = createInternalClient({ baseUrl, token: 'the-service-token', requestId: 'req-42' })
    await expect(client.get('/things/7', { q: 'a b', skip: undefined })).resolves.toEqual({
      id: '7',
      query: { q: 'a b' },
      requestId: 'req-42',
    })
    await expect(client.post('/things', { name: 'x' })).resolves.toEqual({ created: { name: 'x' } })
  })

  it('turns problem+json answers into InternalApiError', async () => {
    const client = createInternalClient({ baseUrl, token: 'the-service-token' })
    const err = (await client.get('/things/missing').catch((e: unknown) => e)) as InternalApiError
    expect(err).toBeInstanceOf(InternalApiError)
    expect(err.status).toBe(404)
    expect(err.problem?.code).toBe('not_found')
  })

  it('is refused without the right token', async () => {
    const client = createInternalClient({ baseUrl, token: 'wrong' })
    await expect(client.get('/things/1')).rejects.toMatchObject({ status: 401 })
  })

  it('reuses its connections and gives up on an answer slower than timeoutMs', async () => {
    const client = createInternalClient({ baseUrl, token: 'the-service-token', timeoutMs: 100 })
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => client.get(`/things/${i}`)))
    expect(answers).toHaveLength(20)
    await expect(client.get('/slow')).rejects.toThrow(/no answer within 100 ms/)
    await expect(client.get('/things/after')).resolves.toMatchObject({ id: 'after' })
  })
})

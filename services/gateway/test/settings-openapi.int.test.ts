import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGateway, type Gateway } from './gateway-harness.js'

describe('the settings resources in the OpenAPI document', () => {
  let gw: Gateway

  beforeAll(async () => {
    gw = await startGateway()
  }, 120_000)
  afterAll(() => gw?.stop())

  it('documents every settings resource in the OpenAPI document, with no secret in any answer schema', async () => {
    const doc = (await (await fetch(`${gw.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>
    }
    const expected: [string, string][] = [
      ['/api/v1/departments', 'post'],
      ['/api/v1/departments/{id}/members/{userId}', 'put'],
      ['/api/v1/lead-sources/{id}', 'patch'],
      ['/api/v1/routing-rules', 'get'],
      ['/api/v1/providers', 'get'],
      ['/api/v1/providers/{provider}', 'put'],
      ['/api/v1/providers/inbound/{source}', 'put'],
      ['/api/v1/webhook-events', 'get'],
      ['/api/v1/webhook-events/{id}', 'get'],
      ['/api/v1/webhook-events/{id}/replay', 'post'],
      ['/api/v1/webhook-events/replay', 'post'],
      ['/api/v1/campaigns/{id}/pause', 'post'],
      ['/api/v1/campaigns/{id}/resume', 'post'],
      ['/api/v1/mailboxes/{id}', 'delete'],
      ['/api/v1/mailboxes/{id}/status', 'get'],
      ['/api/v1/subscriptions', 'post'],
    ]
    for (const [path, method] of expected)
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined()
    const answers = JSON.stringify(
      Object.entries(doc.paths)
        .filter(([path]) => /providers|mailboxes|webhook-events/.test(path))
        .map(([, operations]) => Object.values(operations).map((operation) => operation.responses)),
    )
    // No answer schema has a property that could carry a secret.
    for (const secretField of ['secret', 'secrets', 'password', 'clientSecret', 'refreshToken'])
      expect(answers).not.toContain(`"${secretField}":{`)
    expect(answers).toContain('"hasPassword":{')
  })
})

import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createE2eDatabase, type E2eDatabase } from '../../test-e2e/support/database.js'
import {
  defaultDatabaseUrl,
  serviceNames,
  startStack,
  stopStack,
  waitReady,
  type RunningService,
} from './stack.js'

// Each service as the start command runs it: its own Node process, configured only by the
// environment, against the real local Kafka, Postgres and Redis.
describe('the six services as separate processes', () => {
  let running: RunningService[] = []
  let database: E2eDatabase | undefined

  beforeAll(async () => {
    // A database and consumer groups of the test's own, so nothing of the local system is touched.
    database = await createE2eDatabase(defaultDatabaseUrl)
    const env = { DATABASE_URL: database.url }
    const group = `six-services-test-${randomBytes(4).toString('hex')}`
    running = await startStack({
      gateway: env,
      'webhook-ingest': env,
      contacts: env,
      'lead-router': { ...env, GROUP_ID: `lead-router-${group}` },
      mailer: { ...env, GROUP_ID: `mailer-${group}` },
      'imap-poller': env,
    })
    // Six Node processes starting at once on a small machine: allow them time.
    await Promise.all(running.map((service) => waitReady(service, 110_000)))
  })

  afterAll(async () => {
    await stopStack(running, true)
    await database?.drop()
  })

  it('each answers /healthz, /readyz (200, every dependency ok) and /metrics', async () => {
    for (const { name, url } of running) {
      expect((await fetch(`${url}/healthz`)).status).toBe(200)
      expect(await (await fetch(`${url}/readyz`)).json()).toEqual({
        status: 'ready',
        checks: { postgres: 'ok', redis: 'ok', kafka: 'ok' },
      })
      const metrics = await (await fetch(`${url}/metrics`)).text()
      expect(metrics).toContain(`process_resident_memory_bytes{service="${name}"}`)
    }
  })

  it('each stops gracefully on SIGTERM with exit code 0', async () => {
    const codes = await stopStack(running)
    expect(codes).toEqual(serviceNames.map(() => 0))
  })
})

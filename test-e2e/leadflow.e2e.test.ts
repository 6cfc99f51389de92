import { afterAll, beforeAll, describe } from 'vitest'
import { callFlows } from './flows/calls.flows.js'
import { intakeFlows } from './flows/intake.flows.js'
import { operationsFlows } from './flows/operations.flows.js'
import { startStack, type Stack } from './support/stack.js'
import { setUpWorld, type World } from './support/world.js'

// The six services as separate processes on the real Kafka, Postgres and Redis, a real dovecot
// and a real SMTP peer; driven only through webhooks, the gateway API, IMAP and SMTP.
describe.concurrent('Leadflow end to end', () => {
  let stack: Stack | undefined
  let world: World | undefined
  const current = (): World => {
    if (!world) throw new Error('the system did not start')
    return world
  }

  beforeAll(async () => {
    stack = await startStack()
    world = await setUpWorld(stack)
  })
  afterAll(async () => {
    await stack?.stop()
  })

  callFlows(current)
  intakeFlows(current)
  operationsFlows(current)
})

import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll } from 'vitest'
import { newDatabase, startRouter, token } from '../../lead-router/test/harness.js'
import { login, client, startGateway, type Gateway } from './gateway-harness.js'
import { signedInUser, type SignedIn } from './settings-users.js'

export interface SettingsStack {
  gw: Gateway
  /** `Authorization` value of the bootstrap administrator. */
  admin: string
  agent: SignedIn
  readonly: SignedIn
  stop(): Promise<void>
}

/**
 * A gateway in front of a real lead-router (on a fresh database, its own consumer group; no
 * contacts service), with a signed-in administrator, agent and read-only user.
 */
export async function startSettingsStack(groupPrefix: string): Promise<SettingsStack> {
  const router = await startRouter({
    databaseUrl: await newDatabase(),
    contactsUrl: 'http://127.0.0.1:1',
    groupId: `${groupPrefix}-${randomUUID()}`,
  })
  const gw = await startGateway({ LEAD_ROUTER_URL: router.url, INTERNAL_API_TOKEN: token })
  const admin = `Bearer ${(await login(client(gw.url), gw.adminEmail)).accessToken}`
  return {
    gw,
    admin,
    agent: await signedInUser(gw.url, admin, 'agent'),
    readonly: await signedInUser(gw.url, admin, 'readonly'),
    async stop() {
      await gw.stop()
      await router.app.stop()
    },
  }
}

/** The stack of the calling `describe`: started before its tests, stopped after them. */
export function useSettingsStack(groupPrefix: string): Omit<SettingsStack, 'stop'> {
  let started: SettingsStack | undefined
  beforeAll(async () => {
    started = await startSettingsStack(groupPrefix)
  }, 120_000)
  afterAll(() => started?.stop())
  const stack = () => {
    if (!started) throw new Error('the settings stack has not started')
    return started
  }
  return {
    get gw() {
      return stack().gw
    },
    get admin() {
      return stack().admin
    },
    get agent() {
      return stack().agent
    },
    get readonly() {
      return stack().readonly
    },
  }
}

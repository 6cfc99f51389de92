import { randomInt } from 'node:crypto'
import { signIn, type GatewayClient, type Lead } from './gateway-client.js'
import { settings, type Settings, type User } from './settings.js'
import type { CaughtMail } from './smtp-peer.js'
import type { Stack } from './stack.js'
import { FatalWaitError, waitFor } from './wait.js'
import { standardWebhooksSecret } from './webhooks.js'

/** The configured system the flows run against: people, departments, sources and providers. */
export interface World {
  stack: Stack
  admin: GatewayClient
  settings: Settings
  users: { sales: User; supportAgent: User; supportHead: User; flaky: User }
  secrets: { zadarma: string; onlinepbx: string; stripe: string; pbx: string; rotating: string }
  /** A web-form back end's API key (`leads:submit`). */
  apiKey: string
  /** A phone number no other flow of this run uses, as `+7916…`. */
  phone(): string
  /** An e-mail address no other flow of this run uses. */
  email(label: string): string
  /** Waits until exactly one lead matches `q` and satisfies `ready`. */
  leadFor(q: string, ready?: (lead: Lead) => boolean, timeoutMs?: number): Promise<Lead>
  /** Waits for a mail to `to` whose subject contains `text`. */
  mailTo(to: string, text: string, timeoutMs?: number): Promise<CaughtMail>
}

export async function setUpWorld(stack: Stack): Promise<World> {
  const { run } = stack
  const admin = await signIn(stack.gatewayUrl, stack.admin.email, stack.admin.password)
  const setup = settings(admin, `e2e-${run}-password`)
  const sales = await setup.createUser('Sam Sales', `sales-${run}@e2e.test`, 'agent')
  const supportAgent = await setup.createUser('Ada Support', `support-${run}@e2e.test`, 'agent')
  const supportHead = await setup.createUser('Hal Head', `support-head-${run}@e2e.test`, 'head')
  const flaky = await setup.createUser('Fay Flaky', `flaky-${run}@e2e.test`, 'agent')

  const salesDept = await setup.createDepartment(`Sales ${run}`, [sales])
  const supportDept = await setup.createDepartment(`Support ${run}`, [supportAgent], supportHead)
  const flakyDept = await setup.createDepartment(`Remote ${run}`, [flaky])
  for (const slug of ['call', 'email', 'payment', 'website', 'partner']) {
    await setup.createLeadSource(slug, salesDept)
  }
  await setup.createLeadSource('sla-check', supportDept, 1)
  await setup.createLeadSource('remote-form', flakyDept)

  const secrets = {
    zadarma: `zadarma-secret-${run}`,
    onlinepbx: `onlinepbx-token-${run}-0123456789`,
    stripe: `whsec_stripe_${run}`,
    pbx: standardWebhooksSecret(`pbx-${run}`),
    rotating: standardWebhooksSecret(`rotating-${run}-first`),
  }
  const local = ['127.0.0.1']
  await setup.putProvider('zadarma', { enabled: true, secret: secrets.zadarma, allowedIps: local })
  await setup.putProvider('onlinepbx', { enabled: true, secret: secrets.onlinepbx, allowedIps: local })
  await setup.putProvider('stripe', { enabled: true, secret: secrets.stripe })
  await setup.putProvider('inbound/pbx', { enabled: true, secret: secrets.pbx })
  await setup.putProvider('inbound/rotating', {
    enabled: true,
    secret: secrets.rotating,
    defaultLeadSource: 'partner',
  })
  await setup.createMailbox({
    name: `Leads inbox ${run}`,
    host: stack.dovecot.host,
    port: stack.dovecot.port,
    secure: false,
    authType: 'password',
    username: stack.mailbox.user,
    password: stack.mailbox.password,
    folders: ['INBOX'],
    enabled: true,
  })
  const apiKey = await setup.createApiKey(`website ${run}`, ['leads:submit'])

  let nextPhone = randomInt(1_000_000, 8_000_000)
  let nextEmail = 0
  return {
    stack,
    admin,
    settings: setup,
    users: { sales, supportAgent, supportHead, flaky },
    secrets,
    apiKey,
    phone: () => `+7916${nextPhone++}`,
    email: (label) => `${label}-${run}-${nextEmail++}@example.com`,
    leadFor: (q, ready = () => true, timeoutMs = 120_000) =>
      waitFor(
        `a lead matching ${q}`,
        async () => {
          // The search also finds phones that contain the digits of an address; keep exact matches.
          const leads = (await admin.leads(q)).filter((lead) => lead.email === q || lead.phoneE164 === q)
          if (leads.length > 1) throw new FatalWaitError(`${leads.length} leads match ${q}`)
          return leads[0] && ready(leads[0]) ? leads[0] : undefined
        },
        timeoutMs,
        400,
      ),
    mailTo: (to, text, timeoutMs = 120_000) =>
      waitFor(
        `a mail to ${to} about ${text}`,
        () => stack.smtp.mailsTo(to).find((mail) => mail.subject.includes(text)),
        timeoutMs,
      ),
  }
}

import type { OutboxRelay } from '@leadflow/outbox'
import type { Logger } from '@leadflow/telemetry'
import type { AccountStore } from '../delivery/account-store.js'
import type { MailDelivery } from '../delivery/smtp-delivery.js'
import { inSendWindow, remainingToday, startOfSendingDay } from '../domain/send-window.js'
import type { Campaign, PrismaClient } from '../generated/prisma/client.js'
import { loadAudience } from './audience-loader.js'
import type { AudienceSource } from './audience-source.js'
import type { CampaignLinks } from './campaign-mail.js'
import { sendToRecipient } from './campaign-send.js'
import { claimRecipients, requeueStale, sentSince } from './campaign-store.js'

export interface CampaignRunnerOptions {
  db: PrismaClient
  accounts: AccountStore
  delivery: MailDelivery
  relay: Pick<OutboxRelay, 'wake'>
  links: CampaignLinks
  /** Where contacts/leads audiences are read from. */
  audience: AudienceSource
  logger: Logger
  tickMs: number
  batchSize: number
  claimStaleMs: number
}

export interface CampaignRunner {
  start(): void
  /** Look at running campaigns now (after start/resume). */
  wake(): void
  /** Finishes the mail in flight, hands unsent claimed recipients back, and stops. */
  stop(): Promise<void>
}

/**
 * Works through running campaigns: first turns a campaign's contacts/leads audience into
 * recipients (see loadAudience), then claims recipients in small batches, checks the pause flag,
 * the account's send window and daily cap between batches, and records each recipient's outcome
 * (with its MailSent/MailFailed event) as soon as SMTP answers.
 */
export function createCampaignRunner(options: CampaignRunnerOptions): CampaignRunner {
  const { db, accounts, delivery, relay, links, audience, logger, tickMs, batchSize, claimStaleMs } = options
  const abort = new AbortController()
  let loop: Promise<void> | undefined
  let wakeUp: (() => void) | undefined
  let woken = false
  const sendDeps = { db, delivery, relay, links, signal: abort.signal }

  async function runCampaign(campaign: Campaign): Promise<void> {
    const log = logger.child({ campaignId: campaign.id })
    const loaded = await loadAudience({ db, source: audience, logger, signal: abort.signal }, campaign).catch(
      (err: unknown) => {
        if (!abort.signal.aborted) log.warn({ err }, 'campaign audience not loaded yet, trying again')
        return false
      },
    )
    if (!loaded) return
    await requeueStale(db, campaign.id, new Date(Date.now() - claimStaleMs))
    const lookup = await accounts.resolve(campaign.accountId)
    if ('unavailable' in lookup) {
      log.warn({ reason: lookup.unavailable }, 'campaign waiting for its sender account')
      return
    }
    const account = lookup.account
    while (!abort.signal.aborted) {
      const now = new Date()
      if (!inSendWindow(now, account.windowStartMinute, account.windowEndMinute, account.timezone)) return
      const left =
        account.id === null
          ? Infinity
          : remainingToday(
              account.dailyCap,
              await sentSince(db, account.id, startOfSendingDay(now, account.timezone)),
            )
      if (left <= 0) return
      const current = await db.campaign.findUnique({ where: { id: campaign.id }, select: { status: true } })
      if (current?.status !== 'running') return
      const claimed = await claimRecipients(db, campaign.id, Math.min(batchSize, left))
      if (claimed.length === 0) {
        const inFlight = await db.campaignRecipient.count({
          where: { campaignId: campaign.id, status: 'sending' },
        })
        if (inFlight === 0) {
          await db.campaign.updateMany({
            where: { id: campaign.id, status: 'running' },
            data: { status: 'completed', completedAt: new Date() },
          })
          log.info({}, 'campaign completed')
        }
        return
      }
      for (const [index, recipient] of claimed.entries()) {
        if (abort.signal.aborted) {
          const unsent = claimed.slice(index).map((r) => r.id)
          await db.campaignRecipient.updateMany({
            where: { id: { in: unsent } },
            data: { status: 'pending' },
          })
          return
        }
        const outcome = await sendToRecipient(sendDeps, campaign, account, recipient)
        if (outcome === 'released') {
          const unsent = claimed.slice(index + 1).map((r) => r.id)
          await db.campaignRecipient.updateMany({
            where: { id: { in: unsent } },
            data: { status: 'pending' },
          })
          return
        }
      }
    }
  }

  async function runOnce(): Promise<void> {
    const campaigns = await db.campaign.findMany({
      where: { status: 'running' },
      orderBy: { startedAt: 'asc' },
    })
    for (const campaign of campaigns) {
      if (abort.signal.aborted) return
      await runCampaign(campaign)
    }
  }

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (woken || abort.signal.aborted) return resolve()
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        wakeUp = undefined
        resolve()
      }
      wakeUp = done
    })
  }

  return {
    start() {
      loop = (async () => {
        while (!abort.signal.aborted) {
          woken = false
          await runOnce().catch((err: unknown) => logger.error({ err }, 'campaign run failed'))
          await pause(tickMs)
        }
      })()
    },
    wake() {
      woken = true
      wakeUp?.()
    },
    async stop() {
      abort.abort()
      wakeUp?.()
      await loop
    },
  }
}

import type { Delivery, Targets } from './delivery.js'
import type { SimulateOptions } from './options.js'
import { createPacer } from './pacer.js'
import type { Progress } from './reporter.js'
import { openMailbox, parseImapUrl, sendWebhook } from './senders.js'
import { Stats, type Summary } from './stats.js'
import { Traffic } from './traffic.js'

/**
 * Sends the traffic `options` describe at the given rate until the count or duration is
 * reached, waits for every answer, and returns what happened.
 */
export async function simulate(
  options: SimulateOptions,
  onProgress: (progress: Progress) => void = () => {},
): Promise<Summary> {
  const traffic = new Traffic(options)
  const targets: Targets = {
    ingestUrl: options.ingestUrl,
    inboundSource: options.inboundSource,
    secrets: options.secrets,
  }
  const mailbox = options.imapUrl ? await openMailbox(parseImapUrl(options.imapUrl)) : undefined
  const stats = new Stats()
  const pacer = createPacer(options.rate, options.concurrency)
  const endsAt = Date.now() + options.durationSec * 1000
  const fraction = (sent: number) =>
    options.count !== undefined
      ? sent / options.count
      : 1 - Math.max(0, endsAt - Date.now()) / (options.durationSec * 1000)
  const report = () => onProgress({ fraction: fraction(stats.summary.sent), summary: stats.snapshot() })
  const ticker = setInterval(report, 200)
  const inFlight = new Set<Promise<void>>()

  const send = async (delivery: Delivery): Promise<void> => {
    const outcome =
      delivery.kind === 'http'
        ? await sendWebhook(delivery.request(targets, Date.now()))
        : await mailbox!.append(delivery.raw)
    stats.record(delivery.channel, delivery.redelivery, outcome)
  }

  try {
    for (let i = 0; options.count !== undefined ? i < options.count : Date.now() < endsAt; i++) {
      await pacer.wait(i)
      if (options.count === undefined && Date.now() >= endsAt) {
        pacer.release()
        break
      }
      const task = send(traffic.next()).finally(() => {
        pacer.release()
        inFlight.delete(task)
      })
      inFlight.add(task)
    }
    await Promise.all(inFlight)
  } finally {
    clearInterval(ticker)
    await mailbox?.close()
  }
  report()
  return stats.snapshot()
}

import { setTimeout as sleep } from 'node:timers/promises'
import type { Targets } from '../src/simulate/delivery.js'
import type { Ledger } from './ledger.js'
import type { CallEvent } from './traffic.js'

export interface SenderOptions {
  ledger: Ledger
  /** The ingest replicas' base URLs (a load balancer's choice: any of them per request). */
  ingestUrls: readonly string[]
  targets: Omit<Targets, 'ingestUrl'>
  /** Retrying stops at this instant; what is not acknowledged by then stays unknown. */
  giveUpAt: number
  requestTimeoutMs?: number
}

export interface Sender {
  /**
   * One delivery of `event`, retried with backoff until a 2xx comes back (as providers do).
   * `replica` pins the first request to one ingest replica (concurrent duplicate pairs).
   */
  deliver(event: CallEvent, replica?: number): Promise<void>
}

export function createSender(options: SenderOptions): Sender {
  const { ledger, ingestUrls, targets, giveUpAt } = options
  const timeoutMs = options.requestTimeoutMs ?? 10_000
  return {
    async deliver(event, replica) {
      const entry = ledger.open(event.id, event.phone)
      let backoffMs = 100
      for (let attempt = 0; ; attempt++) {
        const index =
          attempt === 0 && replica !== undefined ? replica : Math.floor(Math.random() * ingestUrls.length)
        const ingestUrl = ingestUrls[index] ?? ingestUrls[0] ?? ''
        const delivery = entry.requests++
        const { url, init } = event.request({ ...targets, ingestUrl }, delivery, Date.now())
        const status = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) }).then(
          async (answer) => {
            await answer.arrayBuffer()
            return answer.status
          },
          () => 0,
        )
        if (status >= 200 && status < 300) {
          entry.acked = true
          return
        }
        if (status >= 400 && status < 500 && status !== 429) {
          ledger.refused.push(`${event.id}: ${status}`)
          return
        }
        entry.unknownOutcomes++
        if (Date.now() >= giveUpAt) return
        await sleep(backoffMs * (0.5 + Math.random()))
        backoffMs = Math.min(backoffMs * 2, 5_000)
      }
    },
  }
}

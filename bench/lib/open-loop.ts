import { Agent } from 'node:http'
import { send, type HttpRequest } from './http-load.js'

export interface OpenLoopResult {
  sent: number
  ok: number
  other: number
  errors: number
  seconds: number
  /** Time from each request's scheduled send to its answer, ms. */
  answerMs: number[]
  /** How far the sender fell behind its schedule at worst, ms. */
  maxLagMs: number
}

/**
 * Open-loop load: request `i` is due at start + i/rate, whether or not earlier ones were
 * answered (so a slow server cannot slow the offered load down). `next(i, dueAt)` builds it;
 * `dueAt` is on the performance.now() clock, for latencies measured elsewhere.
 */
export async function openLoop(
  url: string,
  options: { rate: number; seconds: number },
  next: (i: number, dueAt: number) => HttpRequest,
): Promise<OpenLoopResult> {
  const base = new URL(url)
  const agent = new Agent({ keepAlive: true, maxSockets: 512 })
  const total = Math.round(options.rate * options.seconds)
  const result: OpenLoopResult = {
    sent: 0,
    ok: 0,
    other: 0,
    errors: 0,
    seconds: 0,
    answerMs: [],
    maxLagMs: 0,
  }
  const inFlight: Promise<void>[] = []
  const started = performance.now()
  while (result.sent < total) {
    const now = performance.now()
    const due = Math.min(total, Math.floor(((now - started) * options.rate) / 1000) + 1)
    for (; result.sent < due; result.sent++) {
      const dueAt = started + (result.sent * 1000) / options.rate
      result.maxLagMs = Math.max(result.maxLagMs, now - dueAt)
      const request = send(agent, base, next(result.sent, dueAt)).then(
        (status) => {
          result.answerMs.push(performance.now() - dueAt)
          if (status === 200) result.ok++
          else result.other++
        },
        () => void result.errors++,
      )
      inFlight.push(request)
    }
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  result.seconds = (performance.now() - started) / 1000
  await Promise.all(inFlight)
  agent.destroy()
  return result
}

import { writeSync } from 'node:fs'

/**
 * Crash points for fault campaigns. A service armed through `LEADFLOW_FAILPOINTS` (refused in
 * production) kills itself with SIGKILL at a named point, with the armed probability, the way a
 * power cut or an OOM kill would: no cleanup, no commit, nothing flushed.
 */
export const Failpoints = {
  /** The outbox relay: the broker acknowledged a publish, the rows are not yet deleted. */
  outboxAfterBrokerAck: 'outbox.after-broker-ack',
  /** A consumer: the handlers' effects are committed, the offsets are not. */
  consumerBeforeOffsetCommit: 'consumer.after-commit-before-offset',
} as const

let armed: Readonly<Record<string, number>> = {}
let draw: () => number = Math.random

/** Arms the crash points of this process (`{}` disarms them all). */
export function armFailpoints(
  spec: Readonly<Record<string, number>>,
  random: () => number = Math.random,
): void {
  armed = { ...spec }
  draw = random
}

/** Kills this process at once when `name` is armed and its probability is drawn. */
export function failpoint(name: string): void {
  const probability = armed[name]
  if (probability === undefined || probability <= 0 || draw() >= probability) return
  // A pipe write is synchronous, so whoever supervises the process sees which point fired.
  writeSync(2, `failpoint fired: ${name}\n`)
  process.kill(process.pid, 'SIGKILL')
}

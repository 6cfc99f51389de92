import { setTimeout as sleep } from 'node:timers/promises'
import { spawnService, type RunningService } from '../test/stack.js'

const alive = (running: RunningService): boolean =>
  running.child.exitCode === null && running.child.signalCode === null

async function isReady(url: string): Promise<boolean> {
  const answer = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined)
  return answer?.status === 200
}

/** The message (and error) of the last error or fatal log line, else the last line of output. */
function lastWords(output: string): string {
  const lines = output.trim().split('\n')
  for (const line of lines.reverse()) {
    try {
      const entry = JSON.parse(line) as { level?: string; msg?: string; err?: { message?: string } }
      if (entry.level === 'error' || entry.level === 'fatal')
        return [entry.msg, entry.err?.message].filter(Boolean).join(': ').slice(0, 300)
    } catch {
      // not a log line
    }
  }
  return (lines[0] ?? '').slice(0, 300)
}

/** One replica of a service: a fixed port, its environment, restarted whenever it dies. */
export interface Replica {
  readonly name: string
  readonly service: string
  readonly port: number
  readonly url: string
}

export interface Supervisor {
  add(name: string, service: string, port: number, env: Record<string, string>): Replica
  /** Starts every replica and waits until each answers /readyz. */
  start(): Promise<void>
  /** kill -9 from outside (an OOM kill, a node lost). */
  kill(replica: Replica): void
  /** Restarts `replica` gracefully with `failpoints` armed until one fires (not waiting for it). */
  arm(replica: Replica, failpoints: string): Promise<void>
  /** How each replica's deaths came about: `failpoint:<name>`, `killed`, `crashed`. */
  deaths(): Record<string, number>
  /** For each unplanned crash: the replica and the last thing it logged at error level or above. */
  crashes(): string[]
  /** Waits until every replica is up and ready. */
  ready(timeoutMs?: number): Promise<void>
  stop(): Promise<void>
}

interface Slot extends Replica {
  env: Record<string, string>
  process?: RunningService
  /** Crash points armed by the schedule: kept across lives until one of them fired. */
  armed?: string
  /** Set while a restart we asked for is under way (its exit is not a death). */
  restarting: boolean
}

/**
 * Keeps the replicas running as an orchestrator would: a replica that exits is started again
 * on the same port half a second later. Each death is recorded with its cause, read from the
 * process' last words (`failpoint fired: <name>`) or the signal.
 */
export function createSupervisor(): Supervisor {
  const slots: Slot[] = []
  const deaths: Record<string, number> = {}
  const crashes: string[] = []
  let stopping = false

  const launch = async (slot: Slot): Promise<void> => {
    const failpoints = slot.armed ?? slot.env.LEADFLOW_FAILPOINTS ?? ''
    const child = await spawnService(
      slot.service,
      { ...slot.env, LEADFLOW_FAILPOINTS: failpoints },
      slot.port,
    )
    slot.process = child
    // 'close' comes after the last output, so a crash point's last words are read.
    const closed = new Promise((resolve) => child.child.once('close', resolve))
    void closed.then(async () => {
      if (stopping || slot.restarting) return
      const fired = /failpoint fired: (\S+)/.exec(child.output())?.[1]
      if (fired && slot.armed?.startsWith(`${fired}=`)) slot.armed = undefined
      const cause = fired ? `failpoint:${fired}` : child.child.signalCode === 'SIGKILL' ? 'killed' : 'crashed'
      deaths[`${slot.name} ${cause}`] = (deaths[`${slot.name} ${cause}`] ?? 0) + 1
      if (cause === 'crashed') {
        process.stderr.write(`${slot.name} crashed:\n${child.output().slice(-3000)}\n`)
        crashes.push(`${slot.name}: ${lastWords(child.output())}`)
      }
      await sleep(500)
      if (!stopping && !slot.restarting) await launch(slot)
    })
  }

  return {
    add(name, service, port, env) {
      const slot: Slot = { name, service, port, url: `http://127.0.0.1:${port}`, env, restarting: false }
      slots.push(slot)
      return slot
    },
    async start() {
      for (const slot of slots) await launch(slot)
      await this.ready(120_000)
    },
    kill(replica) {
      const slot = slots.find((s) => s.name === replica.name)
      slot?.process?.child.kill('SIGKILL')
    },
    async arm(replica, failpoints) {
      const slot = slots.find((s) => s.name === replica.name)
      if (!slot?.process || !alive(slot.process)) return
      slot.restarting = true
      slot.process.child.kill('SIGTERM')
      await new Promise((resolve) => slot.process?.child.once('close', resolve))
      slot.restarting = false
      slot.armed = failpoints
      await launch(slot)
    },
    deaths: () => ({ ...deaths }),
    crashes: () => [...crashes],
    async ready(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs
      for (const slot of slots) {
        // The port is the replica's, whichever of its lives is answering.
        while (!(await isReady(slot.url))) {
          if (Date.now() >= deadline)
            throw new Error(`${slot.name} is not ready:\n${slot.process?.output().slice(-3000) ?? ''}`)
          await sleep(300)
        }
      }
    },
    async stop() {
      stopping = true
      await Promise.all(
        slots.map(async ({ process: running }) => {
          if (!running || !alive(running)) return
          running.child.kill('SIGTERM')
          const timer = setTimeout(() => running.child.kill('SIGKILL'), 20_000)
          await running.exit
          clearTimeout(timer)
        }),
      )
    },
  }
}

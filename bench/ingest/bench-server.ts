// One server of the ingest benchmark in a process of its own, as in production: `ingest` (the
// real webhook-ingest with Postgres, outbox, Kafka and Redis) or `baseline` (bare Fastify HMAC
// echo) or `ceiling` / `ceiling-pg` (the least any durable design does: HMAC, Redis SET NX, a
// grouped acks=all Kafka send; `-pg` also records each event id in Postgres; see bench-ceiling.ts).
// Started by ingest.bench.ts over an IPC channel; answers `drain` and `stop` messages.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { startCeiling } from '../../services/webhook-ingest/test/bench-ceiling.js'
import { startBaseline, startBenchIngest } from '../../services/webhook-ingest/test/bench-servers.js'

export type ServerMessage =
  | { url: string }
  | { drainMs: number; depth: number }
  | { cpuMs: number; loopDelayP99Ms: number }
  | { stopped: true }
export type ServerCommand = 'drain' | 'cpu' | 'stop'

const role = process.argv[2]
const reply = (message: ServerMessage) => process.send?.(message)

// `cpu` answers the CPU time (user + system) this process used since the previous `cpu`, and
// the 99th percentile of its event-loop delay meanwhile (how long ready work waited to run).
let cpuMark = process.cpuUsage()
const loopDelay = monitorEventLoopDelay({ resolution: 5 })
loopDelay.enable()
function cpuSinceMark(): { cpuMs: number; loopDelayP99Ms: number } {
  const used = process.cpuUsage(cpuMark)
  cpuMark = process.cpuUsage()
  const loopDelayP99Ms = loopDelay.percentile(99) / 1e6
  loopDelay.reset()
  return { cpuMs: (used.user + used.system) / 1000, loopDelayP99Ms }
}

if (role === 'ingest') {
  const ingest = await startBenchIngest()
  process.on('message', (command: ServerCommand) => {
    void (async () => {
      if (command === 'cpu') {
        reply(cpuSinceMark())
      } else if (command === 'drain') {
        const started = performance.now()
        await ingest.app.relay.flush()
        reply({ drainMs: performance.now() - started, depth: await ingest.app.relay.depth() })
      } else {
        await ingest.stop()
        reply({ stopped: true })
        process.disconnect()
      }
    })()
  })
  reply({ url: ingest.url })
} else if (role === 'baseline' || role === 'ceiling' || role === 'ceiling-pg') {
  const server = await (role === 'baseline'
    ? startBaseline()
    : startCeiling({ record: role === 'ceiling-pg' }))
  process.on('message', (command: ServerCommand) => {
    if (command === 'cpu') return reply(cpuSinceMark())
    if (command !== 'stop') return
    void server.close().then(() => {
      reply({ stopped: true })
      process.disconnect()
    })
  })
  reply({ url: server.url })
} else {
  throw new Error('usage: bench-server.ts ingest|baseline|ceiling|ceiling-pg')
}

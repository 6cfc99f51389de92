import type { Logger } from '@leadflow/telemetry'

type Signal = 'SIGTERM' | 'SIGINT'

/** The part of `process` shutdown needs; main.ts passes the real one. */
export interface ShutdownProcess {
  on(signal: Signal, listener: () => void): unknown
  removeListener(signal: Signal, listener: () => void): unknown
  exit(code: number): void
}

export interface ShutdownOptions {
  logger: Logger
  /** Stops taking work, finishes in-flight work and closes every connection. */
  stop: () => Promise<void>
  /** Exit 1 if `stop` has not finished by then. */
  timeoutMs: number
  process: ShutdownProcess
  signals?: readonly Signal[]
}

/**
 * On the first SIGTERM/SIGINT runs `stop()` once and exits 0, or 1 when it fails or
 * outlasts `timeoutMs`. A second signal while stopping exits 1 at once. Returns a function
 * that removes the listeners.
 */
export function installShutdown(options: ShutdownOptions): () => void {
  const { logger, stop, timeoutMs, process: proc, signals = ['SIGTERM', 'SIGINT'] } = options
  let stopping = false
  let exited = false

  const finish = (code: number, timer?: NodeJS.Timeout) => {
    clearTimeout(timer)
    if (exited) return
    exited = true
    proc.exit(code)
  }

  const onSignal = (signal: Signal) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal while stopping; exiting now')
      finish(1)
      return
    }
    stopping = true
    logger.info({ signal, timeoutMs }, 'shutting down')
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out; exiting')
      finish(1)
    }, timeoutMs)
    stop().then(
      () => {
        logger.info('shutdown complete')
        finish(0, timer)
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed')
        finish(1, timer)
      },
    )
  }

  const listeners = signals.map((signal) => [signal, () => onSignal(signal)] as const)
  for (const [signal, listener] of listeners) proc.on(signal, listener)
  return () => {
    for (const [signal, listener] of listeners) proc.removeListener(signal, listener)
  }
}

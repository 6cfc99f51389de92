import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { installShutdown, type ShutdownProcess } from './shutdown.js'
import { memoryLogger } from './test-support.js'

/** A stand-in for `process`: signals are events, `exit` records its code. */
function fakeProcess() {
  const emitter = new EventEmitter()
  const codes: number[] = []
  let onExit: (code: number) => void = () => undefined
  const exited = new Promise<number>((resolve) => (onExit = resolve))
  const proc: ShutdownProcess & { emit(signal: string): boolean } = {
    on: (signal, listener) => emitter.on(signal, listener),
    removeListener: (signal, listener) => emitter.removeListener(signal, listener),
    emit: (signal) => emitter.emit(signal),
    exit: (code) => {
      codes.push(code)
      onExit(code)
    },
  }
  return { proc, codes, exited, listenerCount: (s: string) => emitter.listenerCount(s) }
}

describe('installShutdown', () => {
  it('stops once on SIGTERM and exits 0', async () => {
    const { proc, codes, exited } = fakeProcess()
    let stops = 0
    installShutdown({
      logger: memoryLogger().logger,
      process: proc,
      timeoutMs: 1000,
      stop: async () => {
        stops++
        await Promise.resolve()
      },
    })
    proc.emit('SIGTERM')
    expect(await exited).toBe(0)
    expect(stops).toBe(1)
    expect(codes).toEqual([0])
  })

  it('exits 1 when stop fails', async () => {
    const { proc, exited } = fakeProcess()
    const { logger, lines } = memoryLogger()
    installShutdown({
      logger,
      process: proc,
      timeoutMs: 1000,
      stop: () => Promise.reject(new Error('kafka hung')),
    })
    proc.emit('SIGINT')
    expect(await exited).toBe(1)
    expect(lines.find((line) => line.msg === 'shutdown failed')).toMatchObject({
      err: { message: 'kafka hung' },
    })
  })

  it('exits 1 when stop outlasts the timeout', async () => {
    const { proc, codes, exited } = fakeProcess()
    installShutdown({
      logger: memoryLogger().logger,
      process: proc,
      timeoutMs: 20,
      stop: () => new Promise<void>(() => undefined),
    })
    proc.emit('SIGTERM')
    expect(await exited).toBe(1)
    expect(codes).toEqual([1])
  })

  it('exits 1 at once on a second signal while stopping', async () => {
    const { proc, codes, exited } = fakeProcess()
    let release: () => void = () => undefined
    installShutdown({
      logger: memoryLogger().logger,
      process: proc,
      timeoutMs: 5000,
      stop: () => new Promise<void>((resolve) => (release = resolve)),
    })
    proc.emit('SIGTERM')
    proc.emit('SIGINT')
    expect(await exited).toBe(1)
    release()
    await new Promise((resolve) => setImmediate(resolve))
    expect(codes).toEqual([1])
  })

  it('removes its listeners when disposed', () => {
    const { proc, listenerCount } = fakeProcess()
    const dispose = installShutdown({
      logger: memoryLogger().logger,
      process: proc,
      timeoutMs: 10,
      stop: () => Promise.resolve(),
    })
    expect(listenerCount('SIGTERM')).toBe(1)
    dispose()
    expect(listenerCount('SIGTERM')).toBe(0)
    expect(listenerCount('SIGINT')).toBe(0)
  })
})

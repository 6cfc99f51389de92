import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { armFailpoints, failpoint, Failpoints } from './failpoint.js'

const module = new URL('./failpoint.ts', import.meta.url).pathname

/** Runs `failpoint(name)` in a child process armed with `spec`; how did the child end? */
function runArmed(spec: Record<string, number>, name: string) {
  const script = `const { armFailpoints, failpoint } = await import(${JSON.stringify(module)})
armFailpoints(${JSON.stringify(spec)}); failpoint(${JSON.stringify(name)}); process.stdout.write('survived')`
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  })
  return { signal: child.signal, stdout: child.stdout, stderr: child.stderr }
}

describe('failpoint', () => {
  it('kills the process with SIGKILL at an armed point and says which one', () => {
    const ended = runArmed({ [Failpoints.outboxAfterBrokerAck]: 1 }, Failpoints.outboxAfterBrokerAck)
    expect(ended.signal).toBe('SIGKILL')
    expect(ended.stdout).toBe('')
    expect(ended.stderr).toContain('failpoint fired: outbox.after-broker-ack')
  })

  it('lets the process go on at points not armed or armed with probability 0', () => {
    const other = runArmed({ [Failpoints.outboxAfterBrokerAck]: 1 }, Failpoints.consumerBeforeOffsetCommit)
    expect(other).toMatchObject({ signal: null, stdout: 'survived' })
    const never = runArmed(
      { [Failpoints.consumerBeforeOffsetCommit]: 0 },
      Failpoints.consumerBeforeOffsetCommit,
    )
    expect(never).toMatchObject({ signal: null, stdout: 'survived' })
  })

  it('fires with the armed probability', () => {
    const draws = [0.5, 0.09, 0.1, 0.99]
    armFailpoints({ 'test.point': 0.1 }, () => draws.shift() ?? 1)
    const kill = process.kill
    let kills = 0
    process.kill = () => {
      kills++
      return true
    }
    try {
      for (let i = 0; i < 4; i++) failpoint('test.point')
    } finally {
      process.kill = kill
      armFailpoints({})
    }
    expect(kills).toBe(1)
  })
})

import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { dlqTopicFor, parseDeadLetter, type Kafka } from '@leadflow/kafka'

const tools = new URL('../../tools/', import.meta.url)
const runbook = new URL('../../docs/runbook.md', import.meta.url)

/**
 * The script of step 3 of "Replaying a DLQ" in docs/runbook.md, read from the runbook itself so
 * the suite runs exactly what operators are told to run.
 */
async function runbookReplayScript(): Promise<string> {
  const text = await readFile(runbook, 'utf8')
  const script = /node --import tsx --input-type=module -e "\n([\s\S]*?)"\n/.exec(text)?.[1]
  if (!script) throw new Error('docs/runbook.md no longer shows the DLQ replay command')
  return script
}

/** Replays the dead letters of `group`; answers what the tool logged as `{ replayed, skipped }`. */
export async function replayDlq(brokers: readonly string[], group: string): Promise<{ replayed: number }> {
  const script = await runbookReplayScript()
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: tools,
    env: { ...process.env, KAFKA_BROKERS: brokers.join(','), GROUP: group },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  const done = output
    .split('\n')
    .filter((line) => line.includes('replay done'))
    .map((line) => JSON.parse(line) as { replayed: number })[0]
  if (code !== 0 || !done) throw new Error(`the replay exited with ${code}:\n${output}`)
  return done
}

/** The consumer group the suite reads a dead-letter topic with (as runbook step 1 does). */
export const inspectGroupFor = (group: string): string => `${group}.e2e-inspect`

/**
 * Reads `<group>.dlq` from the beginning until a dead letter with `key` shows up; answers
 * the error it was dead-lettered with.
 */
export async function waitForDeadLetter(
  kafka: Kafka,
  group: string,
  key: string,
  timeoutMs = 60_000,
): Promise<string> {
  const consumer = kafka.consumer({ groupId: inspectGroupFor(group), allowAutoTopicCreation: false })
  let found: (message: string) => void = () => undefined
  const letter = new Promise<string>((resolve) => (found = resolve))
  await consumer.connect()
  try {
    await consumer.subscribe({ topic: dlqTopicFor(group), fromBeginning: true })
    await consumer.run({
      eachMessage: async ({ message }) => {
        const dead = parseDeadLetter(message)
        if (dead.key?.toString() === key) found(dead.failure.errorMessage)
        return Promise.resolve()
      },
    })
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no dead letter ${key} within ${timeoutMs} ms`)), timeoutMs)
    })
    return await Promise.race([letter, timeout]).finally(() => clearTimeout(timer))
  } finally {
    await consumer.disconnect()
  }
}

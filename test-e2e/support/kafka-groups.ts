import { Topics } from '@leadflow/contracts'
import { createKafka, dlqTopicFor, replayGroupFor, startGroupAt, type Kafka } from '@leadflow/kafka'
import { createLogger } from '@leadflow/telemetry'
import { inspectGroupFor } from './dead-letters.js'
import { waitFor } from './wait.js'

const groupIdNotFound = 69

interface GroupResult {
  groupId: string
  errorCode?: number
}

/** The consumer groups of one suite run: unique, so no other run or test shares their offsets. */
export type E2eGroups = Record<'lead-router' | 'mailer' | 'webhook-ingest', string>

export function e2eGroups(run: string): E2eGroups {
  return {
    'lead-router': `e2e-${run}-lead-router`,
    mailer: `e2e-${run}-mailer`,
    'webhook-ingest': `e2e-${run}-webhook-ingest`,
  }
}

export function e2eKafka(brokers: readonly string[]): Kafka {
  const logger = createLogger({ service: 'test-e2e', level: 'error' })
  return createKafka({ clientId: 'test-e2e', brokers, logger, logLevel: 'error' })
}

/**
 * The run's new groups start at the current end of every contract topic, so they never
 * re-process what other tests left on the shared topics. Committing that position before the
 * services start also closes the gap between a service being ready and its consumer having
 * joined: nothing sent after this call can be skipped.
 */
export async function startGroupsAtTopicEnds(kafka: Kafka, groups: E2eGroups): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  let topics: string[]
  try {
    const existing = new Set(await admin.listTopics())
    topics = Object.values(Topics).filter((name) => existing.has(name))
  } finally {
    await admin.disconnect()
  }
  await Promise.all(Object.values(groups).map((groupId) => startGroupAt(kafka, groupId, topics, 'end')))
}

/** Removes what the run left on the broker: its dead-letter topics and its consumer groups. */
export async function removeGroups(kafka: Kafka, groups: E2eGroups): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    const ids = Object.values(groups)
    const existing = new Set(await admin.listTopics())
    const dlqs = ids.map(dlqTopicFor).filter((topic) => existing.has(topic))
    if (dlqs.length > 0) await admin.deleteTopics({ topics: dlqs })
    const known = new Set((await admin.listGroups()).groups.map((group) => group.groupId))
    const mine = [...ids, ...ids.map(replayGroupFor), ...ids.map(inspectGroupFor)].filter((id) =>
      known.has(id),
    )
    // A member that just left may still be counted for a moment: retry until the groups are empty.
    let left = mine
    await waitFor(
      `consumer groups ${left.join(', ')} to be deleted`,
      async () => {
        if (left.length === 0) return true
        const results = await admin.deleteGroups(left).catch((err: { groups?: GroupResult[] }) => {
          if (!err.groups) throw err
          return err.groups
        })
        // GROUP_ID_NOT_FOUND (69): the broker already dropped an empty group; it is gone either way.
        left = results
          .filter((group) => group.errorCode && group.errorCode !== 0 && group.errorCode !== groupIdNotFound)
          .map((g) => g.groupId)
        if (left.length > 0)
          throw new Error(
            results
              .filter((g) => left.includes(g.groupId))
              .map((g) => `${g.groupId}: ${g.errorCode}`)
              .join(', '),
          )
        return true
      },
      30_000,
      1_000,
    )
  } finally {
    await admin.disconnect()
  }
}

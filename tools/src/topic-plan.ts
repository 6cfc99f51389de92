import { allContracts, leadChangedV1 } from '@leadflow/contracts'
import { dlqTopicFor, type TopicSpec } from '@leadflow/kafka'

/** Consumer groups that exist in a Leadflow deployment; each has its own dead-letter topic. */
export const consumerGroups = ['lead-router', 'contacts', 'mailer', 'gateway'] as const

const thirtyDaysMs = 30 * 24 * 3600 * 1000

/**
 * Topics that carry each key's whole state: compacted, so the newest event of every key is kept
 * for good and a new read model can be built from the topic alone.
 */
const stateTopics = new Set<string>([leadChangedV1.topic])

/**
 * Every topic Leadflow uses: one per contract and one dead-letter topic per consumer group.
 * With three or more brokers, writes need two in-sync replicas (acks=all then means two copies).
 */
export function topicPlan({ partitions, brokers }: { partitions: number; brokers: number }): TopicSpec[] {
  const replicationFactor = Math.min(3, brokers)
  const minIsr = String(replicationFactor >= 3 ? 2 : 1)
  const events = [...new Set(allContracts.map((c) => c.topic))].map((topic) => ({
    topic,
    partitions,
    replicationFactor,
    configs: {
      'min.insync.replicas': minIsr,
      ...(stateTopics.has(topic) ? { 'cleanup.policy': 'compact' } : {}),
    },
  }))
  const deadLetters = consumerGroups.map((group) => ({
    topic: dlqTopicFor(group),
    partitions: 1,
    replicationFactor,
    configs: { 'min.insync.replicas': minIsr, 'retention.ms': String(thirtyDaysMs) },
  }))
  return [...events, ...deadLetters]
}

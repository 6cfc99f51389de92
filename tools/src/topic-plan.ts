import { allContracts } from '@leadflow/contracts'
import { dlqTopicFor } from '@leadflow/kafka'

/** Consumer groups that exist in a Leadflow deployment; each has its own dead-letter topic. */
export const consumerGroups = ['lead-router', 'contacts', 'mailer', 'gateway'] as const

export interface TopicPlanOptions {
  partitions: number
  replicationFactor: number
}

export interface PlannedTopic {
  topic: string
  partitions: number
  replicationFactor: number
  configs: { name: string; value: string }[]
}

/** Every topic Leadflow uses: one per contract and one dead-letter topic per consumer group. */
export function topicPlan({ partitions, replicationFactor }: TopicPlanOptions): PlannedTopic[] {
  const minIsr = String(replicationFactor >= 3 ? 2 : 1)
  const events = [...new Set(allContracts.map((c) => c.topic))].map((topic) => ({
    topic,
    partitions,
    replicationFactor,
    configs: [{ name: 'min.insync.replicas', value: minIsr }],
  }))
  const dlqs = consumerGroups.map((group) => ({
    topic: dlqTopicFor(group),
    partitions: 1,
    replicationFactor,
    configs: [
      { name: 'min.insync.replicas', value: minIsr },
      { name: 'retention.ms', value: String(30 * 24 * 3600 * 1000) },
    ],
  }))
  return [...events, ...dlqs]
}

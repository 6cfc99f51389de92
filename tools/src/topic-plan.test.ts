import { allContracts, leadChangedV1, leadCreatedV1 } from '@leadflow/contracts'
import { describe, expect, it } from 'vitest'
import { topicPlan } from './topic-plan.js'

describe('the topic plan', () => {
  const plan = topicPlan({ partitions: 3, brokers: 3 })
  const spec = (topic: string) => plan.find((t) => t.topic === topic)

  it('has every contract topic and a dead-letter topic per consumer group', () => {
    for (const contract of allContracts) expect(spec(contract.topic)?.partitions).toBe(3)
    expect(spec('gateway.dlq')?.configs?.['retention.ms']).toBe(String(30 * 24 * 3600 * 1000))
  })

  it('compacts the lead state topic, so a new read model can be built from it, and only that one', () => {
    expect(spec(leadChangedV1.topic)?.configs?.['cleanup.policy']).toBe('compact')
    expect(spec(leadCreatedV1.topic)?.configs?.['cleanup.policy']).toBeUndefined()
    expect(plan.filter((t) => t.configs?.['cleanup.policy'] === 'compact')).toHaveLength(1)
  })

  it('asks for two in-sync replicas from three brokers on, one below', () => {
    expect(spec(leadCreatedV1.topic)).toMatchObject({
      replicationFactor: 3,
      configs: { 'min.insync.replicas': '2' },
    })
    expect(topicPlan({ partitions: 1, brokers: 1 })[0]).toMatchObject({
      replicationFactor: 1,
      configs: { 'min.insync.replicas': '1' },
    })
  })
})

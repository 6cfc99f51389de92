import { Partitioners } from 'kafkajs'
import type { Admin, Kafka, Message, PartitionMetadata } from 'kafkajs'

/**
 * Splits the records of a send into one group per partition, so that every produce call the
 * producer makes carries a single partition.
 *
 * Why: kafkajs 2.2.4 retries a multi-broker produce by re-sending only to the brokers that have
 * not answered yet. When a partition leader dies and its partitions move to a broker that had
 * already acknowledged its own share, the moved partitions' records are never sent again and the
 * send still resolves (tulios/kafkajs#1303; Leadflow's fault campaign lost webhooks that way).
 * With one partition per call, a retry always goes to that partition's current leader.
 *
 * Partitions are chosen exactly as kafkajs' default partitioner does (murmur2 of the key modulo
 * the partition count, as the Java client), so a key keeps its partition and its order.
 */
export interface PartitionSplitter {
  split(topic: string, messages: readonly Message[]): Promise<Map<number, Message[]>>
  disconnect(): Promise<void>
}

/** How long a topic's partition count is trusted before it is read again. */
const metadataTtlMs = 60_000

export function createPartitionSplitter(kafka: Kafka): PartitionSplitter {
  const partitioner = Partitioners.DefaultPartitioner()
  const known = new Map<string, { partitions: PartitionMetadata[]; readAt: number }>()
  let admin: Promise<Admin> | undefined

  function connectedAdmin(): Promise<Admin> {
    admin ??= (async () => {
      const client = kafka.admin()
      await client.connect()
      return client
    })().catch((err: unknown) => {
      admin = undefined
      throw err
    })
    return admin
  }

  async function partitionsOf(topic: string): Promise<PartitionMetadata[]> {
    const cached = known.get(topic)
    if (cached && Date.now() - cached.readAt < metadataTtlMs) return cached.partitions
    const { topics } = await (await connectedAdmin()).fetchTopicMetadata({ topics: [topic] })
    const partitions = topics[0]?.partitions ?? []
    if (partitions.length === 0) throw new Error(`no partitions known for topic ${topic}`)
    known.set(topic, { partitions, readAt: Date.now() })
    return partitions
  }

  return {
    async split(topic, messages) {
      const partitionMetadata = await partitionsOf(topic)
      const groups = new Map<number, Message[]>()
      for (const message of messages) {
        const partition = partitioner({ topic, partitionMetadata, message })
        const group = groups.get(partition) ?? []
        group.push({ ...message, partition })
        groups.set(partition, group)
      }
      return groups
    },
    async disconnect() {
      const client = admin
      admin = undefined
      if (client) await (await client.catch(() => undefined))?.disconnect()
    },
  }
}

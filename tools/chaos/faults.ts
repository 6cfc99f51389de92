import { setTimeout as sleep } from 'node:timers/promises'
import { Topics } from '@leadflow/contracts'
import { Failpoints, type Kafka } from '@leadflow/kafka'
import type { Random } from '../src/simulate/random.js'
import type { Cluster } from './cluster.js'
import type { Replica, Supervisor } from './supervisor.js'

/** What the fault schedule injects (the crash points also fire on their own, at random). */
export const faultKinds = [
  'kafka-leader-kill',
  'redis-restart',
  'redis-flush',
  'postgres-restart',
  'ingest-crash-after-broker-ack',
  'router-crash-before-offset-commit',
  'ingest-kill',
] as const
export type FaultKind = (typeof faultKinds)[number]

export interface Fault {
  atMs: number
  kind: FaultKind
}

/**
 * Every kind once, then random ones, shuffled and spread over the first 80% of `durationMs`
 * (seeded), so traffic still flows after the last one.
 */
export function planFaults(r: Random, durationMs: number, count: number): Fault[] {
  const kinds: FaultKind[] = [...faultKinds]
  while (kinds.length < count) kinds.push(r.pick(faultKinds))
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = r.int(0, i)
    ;[kinds[i], kinds[j]] = [kinds[j] as FaultKind, kinds[i] as FaultKind]
  }
  const slot = (durationMs * 0.8) / (kinds.length + 1)
  return kinds.map((kind, i) => ({ kind, atMs: Math.round(slot * (i + 1) + (r.next() - 0.5) * slot * 0.5) }))
}

export interface FaultDeps {
  r: Random
  cluster: Cluster
  kafka: Kafka
  supervisor: Supervisor
  ingest: readonly Replica[]
  routers: readonly Replica[]
  /** Called after Redis lost its data: the sender delivers some acknowledged events again. */
  afterRedisLoss(): Promise<void>
  log(line: string): void
}

/** The node id of the leader of one partition of the calls topic (nodes are numbered 1..3). */
async function callsLeader(kafka: Kafka, r: Random): Promise<number | undefined> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [Topics.CallReceivedV1] })
    const partitions = topics[0]?.partitions ?? []
    return partitions.length > 0 ? r.pick(partitions).leader : undefined
  } finally {
    await admin.disconnect()
  }
}

/** Injects `fault` and heals what it broke before returning. */
export async function inject(fault: Fault, deps: FaultDeps): Promise<void> {
  const { r, cluster, supervisor } = deps
  switch (fault.kind) {
    case 'kafka-leader-kill': {
      const leader = await callsLeader(deps.kafka, r)
      if (leader === undefined) throw new Error('the calls topic has no leader to kill')
      deps.log(`kill -9 Kafka node ${leader} (leader of a calls partition)`)
      await cluster.killBroker(leader)
      await sleep(r.int(2_000, 8_000))
      await cluster.startBrokers()
      return
    }
    case 'redis-restart':
      deps.log('Redis restart (its data is gone)')
      await cluster.restartRedis()
      await deps.afterRedisLoss()
      return
    case 'redis-flush':
      deps.log('Redis FLUSHALL')
      await cluster.flushRedis()
      await deps.afterRedisLoss()
      return
    case 'postgres-restart':
      deps.log('PostgreSQL restart')
      await cluster.restartPostgres()
      return
    case 'ingest-crash-after-broker-ack': {
      const replica = r.pick(deps.ingest)
      deps.log(`${replica.name}: armed to crash after the next broker ack`)
      await supervisor.arm(replica, `${Failpoints.outboxAfterBrokerAck}=1`)
      return
    }
    case 'router-crash-before-offset-commit': {
      const replica = r.pick(deps.routers)
      deps.log(`${replica.name}: armed to crash before its next offset commit`)
      await supervisor.arm(replica, `${Failpoints.consumerBeforeOffsetCommit}=1`)
      return
    }
    case 'ingest-kill': {
      const replica = r.pick(deps.ingest)
      deps.log(`kill -9 ${replica.name}`)
      supervisor.kill(replica)
      return
    }
  }
}

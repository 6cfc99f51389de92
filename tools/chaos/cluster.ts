import { execFile } from 'node:child_process'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { freePortBlock, repoRoot } from '../test/stack.js'

const run = promisify(execFile)
const root = new URL('.', repoRoot).pathname
const scripts = ['lib', 'kafka', 'postgres', 'redis'].map((name) => `. tools/infra/${name}.sh`).join('; ')

/**
 * The campaign's own infrastructure, run by the project's scripts (tools/infra) with its own
 * LEADFLOW_HOME and ports: a three-node KRaft cluster (RF 3, min ISR 2, unclean election off),
 * PostgreSQL and Redis. Killing and restarting them never touches the shared default ones.
 */
export interface Cluster {
  brokers: string[]
  serverUrl: string
  redisUrl: string
  /** Where the scripts keep data, pid files and logs (`logs/` helps after a failed run). */
  home: string
  killBroker(nodeId: number): Promise<void>
  /** Starts every broker that is not running and waits for its port. */
  startBrokers(): Promise<void>
  restartRedis(): Promise<void>
  flushRedis(): Promise<void>
  restartPostgres(): Promise<void>
  /** Rows of `query` in database `database` (psql, tab-separated). */
  sql(database: string, query: string): Promise<string[][]>
  /** Stops everything and removes LEADFLOW_HOME (kept when `keep`). */
  down(keep?: boolean): Promise<void>
}

export async function startCluster(): Promise<Cluster> {
  const home = await mkdtemp(join(tmpdir(), 'leadflow-chaos-'))
  // Postgres runs as its own user when we are root: it must reach its data dir below this one.
  await chmod(home, 0o755)
  // Brokers, Postgres and Redis are restarted on their ports: take them below the ephemeral range.
  const kafkaBase = await freePortBlock(8)
  const [pgPort, redisPort] = [kafkaBase + 6, kafkaBase + 7]
  // The caller's own infrastructure variables must not leak into the scripts.
  const { KAFKA_BROKERS: _k, DATABASE_URL: _d, REDIS_URL: _r, ...inherited } = process.env
  const env = {
    ...inherited,
    ROOT: root,
    LEADFLOW_HOME: home,
    PG_PORT: String(pgPort),
    REDIS_PORT: String(redisPort),
    KAFKA_NODES: '3',
    KAFKA_PORT_BASE: String(kafkaBase),
    KAFKA_HEAP: '512m',
  }
  const shell = async (command: string): Promise<void> => {
    await run('bash', ['-c', `set -euo pipefail; ${scripts}; ${command}`], { cwd: root, env })
  }
  const cluster: Cluster = {
    brokers: [0, 2, 4].map((offset) => `127.0.0.1:${kafkaBase + offset}`),
    serverUrl: `postgresql://leadflow:leadflow@127.0.0.1:${pgPort}/leadflow`,
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    home,
    killBroker: (nodeId) => shell(`kafka_kill ${nodeId}`),
    startBrokers: () => shell('kafka_up >/dev/null'),
    restartRedis: () => shell('redis_down >/dev/null; redis_up >/dev/null'),
    flushRedis: async () => {
      await run('redis-cli', ['-p', String(redisPort), 'FLUSHALL'])
    },
    restartPostgres: () => shell('pg_down >/dev/null; pg_up >/dev/null'),
    async sql(database, query) {
      const psql = `PGPASSWORD=$PG_PASSWORD "$(pg_bin)/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$CHAOS_DB" -AtqF $'\\t' -c "$CHAOS_SQL"`
      const { stdout } = await run('bash', ['-c', `${scripts}; ${psql}`], {
        cwd: root,
        env: { ...env, CHAOS_DB: database, CHAOS_SQL: query },
        maxBuffer: 256 * 1024 * 1024,
      })
      return stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => line.split('\t'))
    },
    async down(keep = false) {
      await shell('redis_down; pg_down; kafka_down').catch(() => undefined)
      if (!keep) await rm(home, { recursive: true, force: true })
    },
  }
  try {
    // `infra up` as a developer runs it: brokers, Postgres, Redis, then topics with RF 3.
    await run(join(root, 'leadflow'), ['infra', 'up', '--nodes', '3'], { cwd: root, env })
  } catch (err) {
    await cluster.down(true)
    throw new Error(`the campaign's infrastructure did not start (logs in ${home}/logs): ${String(err)}`)
  }
  return cluster
}

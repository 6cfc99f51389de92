// The baseline of the webhook→lead and RSS benchmarks in a process of its own: a bare Fastify
// handler that verifies the Standard Webhooks HMAC and produces to BENCH_TOPIC with acks=all (see
// startBarePipeline). Prints its URL on the first line; SIGTERM closes it.
import { startBarePipeline } from '../../services/webhook-ingest/test/pipeline-bench-support.js'

const env = (name: string): string => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set`)
  return value
}

const server = await startBarePipeline({
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  topic: env('BENCH_TOPIC'),
  databaseUrl: env('BENCH_DATABASE_URL'),
})
process.stdout.write(`${server.url}\n`)
process.once('SIGTERM', () => void server.close())

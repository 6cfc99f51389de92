import { randomBytes } from 'node:crypto'

/** The broker list the integration tests run against (`KAFKA_BROKERS`, default the local stack). */
export function testBrokers(): string[] {
  const raw = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092'
  return raw
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0)
}

/** A name no other test run uses, for topics and consumer groups. */
export function uniqueName(prefix: string): string {
  return `test.${prefix}.${Date.now().toString(36)}${randomBytes(4).toString('hex')}`
}

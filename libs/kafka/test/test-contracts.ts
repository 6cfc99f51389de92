import type { Contract } from '@leadflow/contracts'
import type { Schema } from 'avsc'

/** A small call event, first version. */
export interface TestCallV1 {
  id: string
  callerE164: string
  seq: number
  at: Date
}

/** Second version: adds a field with a default, a backward-compatible change. */
export interface TestCallV2 extends TestCallV1 {
  channel: string
}

export const testCallSchemaV1: Schema = {
  type: 'record',
  name: 'TestCall',
  namespace: 'io.leadflow.test',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'callerE164', type: 'string' },
    { name: 'seq', type: 'int' },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
}

export const testCallSchemaV2: Schema = {
  type: 'record',
  name: 'TestCall',
  namespace: 'io.leadflow.test',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'callerE164', type: 'string' },
    { name: 'seq', type: 'int' },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'channel', type: 'string', default: 'phone' },
  ],
}

/** The v1 contract on a given topic, as an older producer would still have it. */
export function testCallV1(topic: string): Contract<TestCallV1> {
  return {
    type: 'TestCall',
    topic,
    schema: testCallSchemaV1,
    history: [testCallSchemaV1],
    key: (event) => event.callerE164,
    eventId: (event) => event.id,
  }
}

/** The current (v2) contract on a given topic. */
export function testCallV2(topic: string): Contract<TestCallV2> {
  return {
    type: 'TestCall',
    topic,
    schema: testCallSchemaV2,
    history: [testCallSchemaV1, testCallSchemaV2],
    key: (event) => event.callerE164,
    eventId: (event) => event.id,
  }
}

export function makeCalls(count: number, prefix: string, from = 0): TestCallV2[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${from + i}`,
    callerE164: `+4930100${String(from + i).padStart(4, '0')}`,
    seq: from + i,
    at: new Date(Date.UTC(2025, 2, 1, 10, 0, from + i)),
    channel: 'web',
  }))
}

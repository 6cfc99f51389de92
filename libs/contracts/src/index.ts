export type { Contract, EventOf } from './contract.js'
export { createAvroType, schemaFingerprint } from './avro-type.js'

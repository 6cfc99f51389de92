export type { Contract, EventOf } from './contract.js'
export { createAvroType, schemaFingerprint } from './avro-type.js'
export { Topics, topicNamePattern } from './topics.js'
export type { Topic } from './topics.js'
export {
  allContracts,
  callReceivedV1,
  contactUpsertedV1,
  emailReceivedV1,
  leadAssignedV1,
  leadChangedV1,
  leadCreatedV1,
  leadEscalatedV1,
  leadSubmittedV1,
  mailFailedV1,
  mailSentV1,
  paymentReceivedV1,
  sendEmailRequestedV1,
} from './contracts.js'
export type { AnyContract } from './contracts.js'
export type * from './generated/types.js'
export { fixtures } from './fixtures.js'
export { checkAgainstBase, checkSchemas, checkSubject, eventNamespace, readError } from './compat.js'
export { parseSchemaTree } from './schema-tree.js'
export type { SchemaProblem, SchemaSubject, SchemaTree } from './schema-tree.js'

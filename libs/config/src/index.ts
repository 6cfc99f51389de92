export { baseConfigSchema, type BaseConfig } from './base-config.schema.js'
export { ConfigError, formatConfigIssues, type ConfigIssue } from './config-error.js'
export type { DeepReadonly } from './deep-freeze.js'
export {
  commaList,
  hostPort,
  integer,
  logLevels,
  port,
  urlWithProtocol,
  type LogLevel,
} from './env-fields.schema.js'
export { failpointsField, parseFailpoints, type FailpointSpec } from './failpoints.schema.js'
export { loadConfig, type Env } from './load-config.js'
export { redactConfig } from './redact-config.js'
export { secret, type SecretMeta } from './secret.schema.js'
export { productionSecretMinLength, weakSecretReason } from './secret-strength.js'

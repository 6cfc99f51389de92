import { baseConfigSchema, port } from '@leadflow/config'

export const configSchema = baseConfigSchema.extend({
  PORT: port(8084),
})

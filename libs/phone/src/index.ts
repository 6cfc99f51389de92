export { normalizePhone } from './normalize-phone.js'
export type { NormalizedPhone } from './normalize-phone.js'

export { createSecretBox } from './secret-box.js'
export type { SecretBox } from './secret-box.js'
export { safeEqual } from './safe-equal.js'

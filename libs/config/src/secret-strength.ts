/** Minimum length of a secret accepted in production. */
export const productionSecretMinLength = 32

/** Values that are placeholders, never real secrets (compared case-insensitively). */
const placeholders = new Set([
  'change-me',
  'changeme',
  'change_me',
  'replace-me',
  'replaceme',
  'secret',
  'password',
  'passw0rd',
  'token',
  'default',
  'example',
  'test',
  'todo',
  'xxx',
  'leadflow',
])

/**
 * Prefixes that mark development or example values. `.env.example` and the development defaults
 * use `insecure-…` so that production refuses them whatever their length.
 */
const placeholderPrefixes = ['insecure-', 'dev-', 'test-', 'example-', 'changeme', 'change-me', 'replace-me']

/** Fewer distinct characters than this means a secret is a repeated pattern, not random. */
const minDistinctCharacters = 8

/**
 * Why `value` is not acceptable as a production secret, or `undefined` when it is.
 * The reason never contains the value.
 */
export function weakSecretReason(value: string, minLength = productionSecretMinLength): string | undefined {
  const lower = value.trim().toLowerCase()
  if (placeholders.has(lower)) return 'is a well-known placeholder value'
  if (placeholderPrefixes.some((prefix) => lower.startsWith(prefix))) {
    return 'is a development or example value (placeholder prefix)'
  }
  if (value.length < minLength) return `is too short for production (needs at least ${minLength} characters)`
  if (new Set(value).size < minDistinctCharacters) {
    return `has too little variety (needs at least ${minDistinctCharacters} distinct characters)`
  }
  return undefined
}

/** Why the password inside a connection URL is not acceptable in production, or `undefined`. */
export function weakUrlPasswordReason(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined
  const parsed = new URL(url)
  const password = decodeURIComponent(parsed.password)
  const username = decodeURIComponent(parsed.username)
  if (password === '') return undefined
  const lower = password.toLowerCase()
  if (lower === 'leadflow' || lower === username.toLowerCase() || placeholders.has(lower)) {
    return 'uses the development or a default database password'
  }
  if (placeholderPrefixes.some((prefix) => lower.startsWith(prefix))) {
    return 'uses a development or example database password'
  }
  return undefined
}

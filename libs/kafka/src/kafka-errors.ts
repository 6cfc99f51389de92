/**
 * Thrown by a handler when retrying cannot help (bad data, a reference that will never
 * exist): the message goes to the dead-letter topic at once.
 */
export class NonRetryableError extends Error {
  readonly nonRetryable = true

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'NonRetryableError'
  }
}

/** A message that cannot be turned into an event (no or unknown writer schema, undecodable bytes). */
export class PoisonMessageError extends NonRetryableError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'PoisonMessageError'
  }
}

/**
 * True for errors that must not be retried: `NonRetryableError` and its subclasses, and any
 * error object carrying `nonRetryable: true` (so services need not share the class identity).
 */
export function isNonRetryable(err: unknown): boolean {
  if (err instanceof NonRetryableError) return true
  return typeof err === 'object' && err !== null && (err as { nonRetryable?: unknown }).nonRetryable === true
}

/** A readable name and message for any thrown value. */
export function describeError(err: unknown): { name: string; message: string } {
  if (err instanceof Error) return { name: err.name, message: err.message }
  return { name: 'Error', message: typeof err === 'string' ? err : (JSON.stringify(err) ?? String(err)) }
}

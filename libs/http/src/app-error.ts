import { STATUS_CODES } from 'node:http'
import { errorCatalog, type CatalogCode } from './error-catalog.js'

export interface FieldError {
  field: string
  message: string
}

export interface AppErrorOptions {
  /** Per-field details, sent as `errors`. */
  errors?: FieldError[]
  /** The underlying error; logged, never sent. */
  cause?: unknown
  /** Extra response headers, e.g. `{ 'retry-after': '30' }`. */
  headers?: Record<string, string>
  /** Extra problem members, e.g. `{ checks: {...} }`. */
  extensions?: Record<string, unknown>
}

/**
 * An error the client is meant to see: answered as problem+json with `code`, `status` and
 * `message` as the detail. Its `cause` is only logged.
 */
export class AppError extends Error {
  override readonly name = 'AppError'
  readonly errors: FieldError[] | undefined
  readonly headers: Record<string, string>
  readonly extensions: Record<string, unknown>

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.errors = options.errors
    this.headers = options.headers ?? {}
    this.extensions = options.extensions ?? {}
  }

  /** The catalog title for known codes, otherwise the HTTP reason phrase. */
  get title(): string {
    const known = (errorCatalog as Record<string, { title: string } | undefined>)[this.code]
    return known?.title ?? STATUS_CODES[this.status] ?? 'Error'
  }
}

/** An `AppError` for a catalog code, with the catalog's status. */
export function appError(code: CatalogCode, message: string, options?: AppErrorOptions): AppError {
  return new AppError(code, errorCatalog[code].status, message, options)
}

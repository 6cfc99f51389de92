import type { Logger } from '@leadflow/telemetry'
import type { FastifyBaseLogger } from 'fastify'

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'
type LogArgs = Parameters<Logger['info']>

/**
 * A request's logger that makes its pino child (request id bound, secrets redacted) on the first
 * line written at an enabled level. Most requests write none below `info`, and making a child for
 * each costs more than many a whole answer's work. Lines, bindings and levels are as the child's.
 */
class RequestLogger {
  #child: Logger | undefined
  readonly #parent: Logger
  readonly #bindings: Record<string, unknown>
  readonly #options: { level?: string }

  constructor(parent: Logger, bindings: Record<string, unknown>, options: { level?: string }) {
    this.#parent = parent
    this.#bindings = bindings
    this.#options = options
  }

  get level(): string {
    return this.#child?.level ?? this.#options.level ?? this.#parent.level
  }

  set level(level: string) {
    this.#real().level = level
  }

  fatal(...args: LogArgs): void {
    this.#write('fatal', args)
  }
  error(...args: LogArgs): void {
    this.#write('error', args)
  }
  warn(...args: LogArgs): void {
    this.#write('warn', args)
  }
  info(...args: LogArgs): void {
    this.#write('info', args)
  }
  debug(...args: LogArgs): void {
    this.#write('debug', args)
  }
  trace(...args: LogArgs): void {
    this.#write('trace', args)
  }
  silent(): void {}

  isLevelEnabled(level: string): boolean {
    return (this.#parent.levels.values[level] ?? 0) >= this.levelVal
  }

  get levelVal(): number {
    return this.#parent.levels.values[this.level] ?? Number.POSITIVE_INFINITY
  }

  get msgPrefix(): string | undefined {
    return this.#parent.msgPrefix
  }

  bindings(): Record<string, unknown> {
    return this.#real().bindings()
  }

  flush(callback?: (err?: Error) => void): void {
    this.#parent.flush(callback)
  }

  child(bindings: Record<string, unknown>, options?: object): Logger {
    return this.#real().child(bindings, options)
  }

  #write(level: Level, args: LogArgs): void {
    if (this.isLevelEnabled(level)) this.#real()[level](...args)
  }

  #real(): Logger {
    return (this.#child ??= this.#parent.child(this.#bindings, this.#options))
  }
}

/** Fastify's `childLoggerFactory`: each request's logger, made lazily (see RequestLogger). */
export function requestLogger(
  parent: FastifyBaseLogger,
  bindings: Record<string, unknown>,
  options: { level?: string },
): FastifyBaseLogger {
  return new RequestLogger(parent as unknown as Logger, bindings, options)
}

import type { HttpServer } from '@leadflow/http'

/** What every service's `buildApp()` returns: nothing runs until `start()`. */
export interface ServiceApp {
  http: HttpServer
  /** Starts consumers and timers, then listens; resolves with the bound address. */
  start(): Promise<string>
  /** Graceful: stops taking work, finishes in-flight work, commits, closes every connection. */
  stop(): Promise<void>
}

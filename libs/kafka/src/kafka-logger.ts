/**
 * The logger this package writes to. Typed structurally so any pino logger fits without
 * this package depending on the telemetry library.
 */
export interface KafkaLogger {
  debug(obj: object, msg: string): void
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
  error(obj: object, msg: string): void
  child(bindings: object): KafkaLogger
}

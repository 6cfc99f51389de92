import { z } from 'zod'

/** Log levels understood by the logger; `silent` turns logging off. */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof logLevels)[number]

/** A whole number read from the environment, e.g. `PORT=8080`. */
export function integer({ min, max }: { min: number; max: number }) {
  return z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
}

/** A TCP port (0 lets the system choose one). Pass the service's default port. */
export function port(defaultPort?: number) {
  const schema = integer({ min: 0, max: 65535 })
  return defaultPort === undefined ? schema : schema.default(defaultPort)
}

/** A comma-separated list, e.g. `KAFKA_BROKERS=a:9092,b:9092`; blanks around items are ignored. */
export function commaList(item: z.ZodType<string, string> = z.string()) {
  return z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    )
    .pipe(z.array(item).min(1, 'must list at least one value'))
}

/** A `host:port` pair such as a Kafka broker address. */
export const hostPort = z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'each entry must look like host:port')

/** A URL whose scheme is one of `protocols` (without the colon). */
export function urlWithProtocol(protocols: readonly string[]) {
  const list = protocols.map((p) => `${p}://`).join(' or ')
  return z.string().refine((value) => {
    if (!URL.canParse(value)) return false
    return protocols.includes(new URL(value).protocol.slice(0, -1))
  }, `must be a URL starting with ${list}`)
}

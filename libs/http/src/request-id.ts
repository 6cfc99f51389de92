import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** A request id accepted from clients: a short token of letters, digits and `-_.:`. */
const saneRequestId = /^[A-Za-z0-9._:-]{1,64}$/

/** The incoming `x-request-id` when it is a sane short token, otherwise a new UUID. */
export function requestIdFor(req: Pick<IncomingMessage, 'headers'>): string {
  const incoming = req.headers['x-request-id']
  return typeof incoming === 'string' && saneRequestId.test(incoming) ? incoming : randomUUID()
}

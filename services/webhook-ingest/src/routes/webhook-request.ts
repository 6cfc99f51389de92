import type { FastifyReply, FastifyRequest } from 'fastify'
import { InvalidWebhookError } from '../domain/parsed-webhook.js'
import { ingestWebhook, type IngestDeps, type WebhookRequest } from '../handlers/ingest.handler.js'

export interface WebhookRouteOptions {
  ingest: IngestDeps
  bodyLimit: number
  toleranceSec: number
}

/** Request headers worth keeping with a stored webhook (signatures are kept for audits). */
const keptHeaders = [
  'content-type',
  'user-agent',
  'signature',
  'stripe-signature',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'x-forwarded-for',
  'x-real-ip',
  'x-request-id',
]

export const ackSchema = {
  200: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['accepted', 'duplicate'] } },
    required: ['status'],
  },
}

export function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

export function baseRequest(request: FastifyRequest, provider: string, label: string) {
  const headers: Record<string, string> = {}
  for (const name of keptHeaders) {
    const value = header(request, name)
    if (value !== undefined) headers[name] = value.slice(0, 1024)
  }
  return {
    provider,
    label,
    peer: request.socket.remoteAddress ?? '',
    forwardedFor: header(request, 'x-forwarded-for'),
    realIp: header(request, 'x-real-ip'),
    rawBody: request.body as Buffer,
    contentType: header(request, 'content-type') ?? '',
    headers,
    log: request.log,
  }
}

export function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown
  } catch {
    throw new InvalidWebhookError('the body is not valid JSON')
  }
}

export async function answer(deps: IngestDeps, req: WebhookRequest, reply: FastifyReply) {
  const status = await ingestWebhook(deps, req)
  return reply.code(200).send({ status })
}

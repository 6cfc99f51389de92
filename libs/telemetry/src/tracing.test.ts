import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { trace } from '@opentelemetry/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from './logger.js'
import { startTelemetry, tracesUrl } from './tracing.js'

interface Received {
  path: string | undefined
  body: string
}

/** A stand-in OTLP/HTTP collector on a loopback port that records what it receives. */
function startCollector(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = []
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ path: req.url, body: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({ server, url: `http://127.0.0.1:${port}`, received })
    })
  })
}

describe('startTelemetry', () => {
  let collector: Awaited<ReturnType<typeof startCollector>>
  const lines: Record<string, unknown>[] = []
  const logger = createLogger({
    service: 'lead-router',
    level: 'debug',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  })

  beforeAll(async () => {
    collector = await startCollector()
  })
  afterAll(async () => {
    await new Promise<void>((resolve, reject) =>
      collector.server.close((err) => (err ? reject(err) : resolve())),
    )
  })

  it('is a no-op without an endpoint', async () => {
    const telemetry = startTelemetry({ service: 'lead-router', logger })
    await expect(telemetry.shutdown()).resolves.toBeUndefined()
    expect(collector.received).toHaveLength(0)
  })

  it('exports spans to the collector on shutdown and puts trace ids on log lines', async () => {
    const telemetry = startTelemetry({ service: 'lead-router', otlpEndpoint: `${collector.url}/`, logger })
    const tracer = trace.getTracer('tracing-test')
    const ids = tracer.startActiveSpan('route-call', (span) => {
      logger.info('inside span')
      span.end()
      return span.spanContext()
    })
    await telemetry.shutdown()
    await telemetry.shutdown()

    const logged = lines.find((line) => line.msg === 'inside span')
    expect(logged).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId })
    expect(collector.received).toHaveLength(1)
    expect(collector.received[0]!.path).toBe('/v1/traces')
    expect(collector.received[0]!.body).toContain('route-call')
    expect(collector.received[0]!.body).toContain('lead-router')
  })
})

describe('tracesUrl', () => {
  it('appends the traces path to the base endpoint', () => {
    expect(tracesUrl('http://collector:4318')).toBe('http://collector:4318/v1/traces')
    expect(tracesUrl('http://collector:4318//')).toBe('http://collector:4318/v1/traces')
  })
})

import { describe, expect, it } from 'vitest'
import { register as globalRegistry } from 'prom-client'
import { createMetrics } from './metrics.js'

describe('createMetrics', () => {
  it('exposes default process metrics and RED metrics labelled with the service', async () => {
    const metrics = createMetrics({ service: 'lead-router' })
    metrics.http.requests.inc({ method: 'GET', route: '/leads/:id', status: '200' })
    metrics.http.duration.observe({ method: 'GET', route: '/leads/:id', status: '200' }, 0.042)
    const text = await metrics.registry.metrics()
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="lead-router"\} /m)
    expect(text).toMatch(/^nodejs_heap_size_used_bytes\{service="lead-router"\} /m)
    expect(text).toContain(
      'http_requests_total{method="GET",route="/leads/:id",status="200",service="lead-router"} 1',
    )
    expect(text).toContain(
      'http_request_duration_seconds_bucket{le="0.05",service="lead-router",method="GET",route="/leads/:id",status="200"} 1',
    )
  })

  it('keeps each registry separate from the global one and from other services', async () => {
    const a = createMetrics({ service: 'mailer' })
    const b = createMetrics({ service: 'contacts' })
    a.counter({ name: 'mail_sent_total', help: 'Mails sent', labelNames: ['template'] }).inc({
      template: 'x',
    })
    expect(await a.registry.metrics()).toContain('mail_sent_total{template="x",service="mailer"} 1')
    expect(await b.registry.metrics()).not.toContain('mail_sent_total')
    expect(await globalRegistry.metrics()).not.toContain('mail_sent_total')
  })

  it('creates gauges and histograms on the service registry', async () => {
    const metrics = createMetrics({ service: 'imap-poller' })
    metrics.gauge({ name: 'imap_mailboxes', help: 'Watched mailboxes' }).set(3)
    metrics.histogram({ name: 'imap_sync_seconds', help: 'Sync time', buckets: [1] }).observe(0.5)
    const text = await metrics.registry.metrics()
    expect(text).toContain('imap_mailboxes{service="imap-poller"} 3')
    expect(text).toContain('imap_sync_seconds_count{service="imap-poller"} 1')
  })
})

import type { Metrics } from '@leadflow/telemetry'

export type PollerMetrics = ReturnType<typeof createPollerMetrics>

export function createPollerMetrics(metrics: Metrics) {
  return {
    syncErrors: metrics.counter({
      name: 'imap_sync_errors_total',
      help: 'Failed IMAP sessions by mailbox and error type',
      labelNames: ['mailbox', 'type'],
    }),
    alertsSent: metrics.counter({
      name: 'imap_alerts_sent_total',
      help: 'Mailbox alert mails requested',
      labelNames: ['mailbox', 'type'],
    }),
    alertsSuppressed: metrics.counter({
      name: 'imap_alerts_suppressed_total',
      help: 'Mailbox alerts not mailed because of the hourly limit',
      labelNames: ['mailbox', 'type'],
    }),
    messages: metrics.counter({
      name: 'imap_messages_total',
      help: 'Fetched messages: emitted once, or skipped as already seen',
      labelNames: ['outcome'],
    }),
    resyncs: metrics.counter({
      name: 'imap_resyncs_total',
      help: 'Folders read again from the start after a UIDVALIDITY change',
    }),
    activeWorkers: metrics.gauge({
      name: 'imap_mailboxes_polled',
      help: 'Mailboxes this replica currently polls',
    }),
  }
}

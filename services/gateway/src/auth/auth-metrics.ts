import type { Metrics } from '@leadflow/telemetry'

export type AuthEvents = ReturnType<Metrics['counter']> & {
  inc(labels: { event: string; reason: string }): void
}

/** `gateway_auth_events_total{event, reason}`: logins, refusals (401/403/429), refreshes. */
export function createAuthEvents(metrics: Metrics): AuthEvents {
  return metrics.counter({
    name: 'gateway_auth_events_total',
    help: 'Authentication outcomes by event and reason',
    labelNames: ['event', 'reason'],
  })
}

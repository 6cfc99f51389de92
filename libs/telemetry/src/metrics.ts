import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client'

type HttpLabel = 'method' | 'route' | 'status'

/** Request-duration buckets in seconds, from 5 ms to 10 s. */
export const httpDurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

export interface Metrics {
  /** This service's own registry; every metric carries the `service` label. */
  registry: Registry
  http: {
    requests: Counter<HttpLabel>
    duration: Histogram<HttpLabel>
  }
  counter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L>
  histogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L>
  gauge<L extends string>(config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L>
}

/** A fresh registry (never the global one) with Node default metrics and the HTTP RED metrics. */
export function createMetrics({ service }: { service: string }): Metrics {
  const registry = new Registry()
  registry.setDefaultLabels({ service })
  collectDefaultMetrics({ register: registry })
  const registers = [registry]
  return {
    registry,
    http: {
      requests: new Counter({
        name: 'http_requests_total',
        help: 'HTTP requests answered, by method, route pattern and status code',
        labelNames: ['method', 'route', 'status'],
        registers,
      }),
      duration: new Histogram({
        name: 'http_request_duration_seconds',
        help: 'HTTP request duration in seconds, by method, route pattern and status code',
        labelNames: ['method', 'route', 'status'],
        buckets: httpDurationBuckets,
        registers,
      }),
    },
    counter: (config) => new Counter({ ...config, registers }),
    histogram: (config) => new Histogram({ ...config, registers }),
    gauge: (config) => new Gauge({ ...config, registers }),
  }
}

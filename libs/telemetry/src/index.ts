export { createLogger, type Logger, type LoggerLevel, type LoggerOptions } from './logger.js'
export { createMetrics, httpDurationBuckets, type Metrics } from './metrics.js'
export { redactedValue, redactPaths } from './redaction.js'
export { startTelemetry, tracesUrl, type Telemetry, type TelemetryOptions } from './tracing.js'

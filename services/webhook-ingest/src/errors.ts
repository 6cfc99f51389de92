import { AppError, appError } from '@leadflow/http'

/** Seconds a provider is asked to wait before retrying when ingest cannot durably accept. */
export const unavailableRetryAfterSec = 5

export const webhookErrors = {
  unknownProvider: () => appError('not_found', 'Unknown or disabled webhook provider'),
  badSignature: (detail = 'The webhook signature is missing or does not verify') =>
    new AppError('bad_signature', 401, detail),
  ipDenied: () => new AppError('ip_denied', 403, 'This source address may not send webhooks here'),
  rateLimited: (retryAfterSec: number) =>
    appError('rate_limited', 'Too many webhooks from this address, retry later', {
      headers: { 'retry-after': String(retryAfterSec) },
    }),
  invalid: (detail: string) => new AppError('invalid_webhook', 400, detail),
  unavailable: (cause: unknown) =>
    appError('unavailable', 'The webhook could not be stored, retry later', {
      cause,
      headers: { 'retry-after': String(unavailableRetryAfterSec) },
    }),
}

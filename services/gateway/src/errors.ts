import { AppError, type AppErrorOptions } from '@leadflow/http'

/** The gateway's own problem codes, beyond the common catalog of @leadflow/http. */
export const gatewayErrors = {
  invalid_credentials: { status: 401, message: 'E-mail or password is wrong' },
  missing_credentials: { status: 401, message: 'Authentication is required' },
  invalid_token: { status: 401, message: 'The access token is invalid' },
  token_expired: { status: 401, message: 'The access token has expired' },
  invalid_api_key: { status: 401, message: 'The API key is invalid or revoked' },
  invalid_refresh_token: { status: 401, message: 'The refresh token is invalid or expired' },
  refresh_token_reused: {
    status: 401,
    message: 'The refresh token was already used; its session is revoked',
  },
  account_disabled: { status: 403, message: 'The account is disabled' },
  insufficient_role: { status: 403, message: 'Your role does not allow this operation' },
  insufficient_scope: { status: 403, message: 'The API key does not have the scope this operation needs' },
  login_locked: { status: 429, message: 'Too many failed logins; try again later' },
  email_taken: { status: 409, message: 'A user with this e-mail already exists' },
  weak_password: { status: 400, message: 'The password is too weak' },
  invalid_cursor: { status: 400, message: 'The cursor is malformed' },
} as const

export type GatewayErrorCode = keyof typeof gatewayErrors

export function gatewayError(
  code: GatewayErrorCode,
  options?: AppErrorOptions & { message?: string },
): AppError {
  const { status, message } = gatewayErrors[code]
  const headers =
    status === 401 ? { 'www-authenticate': 'Bearer, ApiKey', ...options?.headers } : options?.headers
  return new AppError(code, status, options?.message ?? message, { ...options, headers })
}

import type { FastifyInstance, FastifyRequest } from 'fastify'
import { audit } from '../audit/audit.js'
import { gatewayError } from '../errors.js'
import type { RouteDeps } from './route-deps.js'
import { apiKeyOrBearer, responses } from './schemas.js'
import { internalApi, strictObject } from './settings-proxy.js'

/** The API-key scope a web-form back end needs to sign people up. */
export const subscriptionScope = 'subscriptions:write'

const subscriptionJson = strictObject({
  id: { type: 'string' },
  email: { type: 'string' },
  list: { type: 'string' },
  status: {
    type: 'string',
    enum: ['pending', 'confirmed', 'unsubscribed'],
    description: '`pending` until the link in the confirmation mail is followed',
  },
})

interface Subscription {
  id: string
  email: string
  list: string
  status: string
}

/** An API key with `subscriptions:write`, or an administrator. */
function subscriptionGuard(request: FastifyRequest): Promise<void> {
  const principal = request.principal
  if (!principal) return Promise.reject(gatewayError('missing_credentials'))
  if (principal.kind === 'api_key')
    return principal.scopes.includes(subscriptionScope)
      ? Promise.resolve()
      : Promise.reject(gatewayError('insufficient_scope'))
  return principal.role === 'admin' ? Promise.resolve() : Promise.reject(gatewayError('insufficient_role'))
}

/** Newsletter sign-up with double opt-in, held by the mailer. */
export function subscriptionRoutes(app: FastifyInstance, { config, db }: RouteDeps): Promise<void> {
  app.post<{ Body: { email: string; list?: string } }>(
    '/subscriptions',
    {
      preHandler: subscriptionGuard,
      schema: {
        tags: ['subscriptions'],
        summary: 'Sign an address up; it gets a confirmation mail and counts once confirmed',
        description: `API keys with \`${subscriptionScope}\` (web-form back ends) or administrators. Signing up a confirmed address again changes nothing.`,
        security: apiKeyOrBearer,
        body: {
          type: 'object',
          required: ['email'],
          additionalProperties: false,
          properties: {
            email: { type: 'string', format: 'email', maxLength: 320 },
            list: { type: 'string', pattern: '^[a-z0-9-]{1,50}$', description: 'Default `newsletter`' },
          },
        },
        response: responses({ 202: subscriptionJson }),
      },
    },
    async (request, reply) => {
      const subscription = await internalApi(
        request,
        config.MAILER_URL,
        config.INTERNAL_API_TOKEN,
      ).post<Subscription>('/internal/v1/subscriptions', request.body)
      await audit(db, request, {
        action: 'subscription.request',
        targetType: 'subscription',
        targetId: subscription.id,
        after: { list: subscription.list, status: subscription.status },
      })
      return reply.code(202).send(subscription)
    },
  )
  return Promise.resolve()
}

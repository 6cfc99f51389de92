import { leadAssignedV1, leadEscalatedV1, sendEmailRequestedV1 } from '@leadflow/contracts'
import type { DeepReadonly } from '@leadflow/config'
import { createSecretBox } from '@leadflow/crypto'
import { createHttpServer, requireServiceToken } from '@leadflow/http'
import { createConsumer, on } from '@leadflow/kafka'
import { createLazyProducer, createOutboxRelay } from '@leadflow/outbox'
import { createServiceApp, standardReadiness, type Connections, type ServiceApp } from '@leadflow/service'
import type { Logger, Metrics } from '@leadflow/telemetry'
import type { z } from 'zod'
import { createAudienceSource } from './campaigns/audience-source.js'
import { createCampaignRunner } from './campaigns/campaign-runner.js'
import type { configSchema } from './config.js'
import { createAccountStore } from './delivery/account-store.js'
import { createTokenProvider } from './delivery/oauth-token.js'
import { createMailDelivery } from './delivery/smtp-delivery.js'
import { createUsersClient } from './delivery/users-client.js'
import { createSignedTokens } from './domain/signed-token.js'
import type { PrismaClient } from './generated/prisma/client.js'
import { leadAssignedHandler, leadEscalatedHandler } from './handlers/lead-notification.handler.js'
import { sendEmailRequestedHandler } from './handlers/send-email-requested.handler.js'
import { accountRoutes } from './routes/accounts.route.js'
import { campaignRoutes } from './routes/campaigns.route.js'
import { deliveryReportRoutes } from './routes/delivery-reports.route.js'
import { publicLinkRoutes } from './routes/public-links.route.js'
import { subscriptionRoutes } from './routes/subscriptions.route.js'
import { suppressionRoutes } from './routes/suppressions.route.js'

export interface AppDeps {
  config: DeepReadonly<z.output<typeof configSchema>>
  logger: Logger
  metrics: Metrics
  db: PrismaClient
  connections: Connections
}

export async function buildApp({ config, logger, metrics, db, connections }: AppDeps): Promise<ServiceApp> {
  const http = createHttpServer({
    service: 'mailer',
    logger,
    metrics,
    readiness: standardReadiness(db, connections),
  })
  const producer = createLazyProducer(connections.kafka)
  const relay = createOutboxRelay({ db, producer, logger, registry: metrics.registry })
  const box = createSecretBox(config.DATA_ENCRYPTION_KEY)
  const signedTokens = createSignedTokens(config.UNSUBSCRIBE_SECRET)
  const oauthTokens = createTokenProvider({
    timeoutMs: config.OAUTH_TIMEOUT_MS,
    attempts: config.MAIL_RETRY_ATTEMPTS,
    retryBaseMs: config.MAIL_RETRY_BASE_MS,
    logger,
  })
  const accounts = createAccountStore({
    db,
    box,
    tokens: oauthTokens,
    logger,
    metrics,
    smtpUrl: config.SMTP_URL,
    mailFrom: config.MAIL_FROM,
    timeoutMs: config.SMTP_TIMEOUT_MS,
  })
  const delivery = createMailDelivery({
    accounts,
    logger,
    metrics,
    attempts: config.MAIL_RETRY_ATTEMPTS,
    retryBaseMs: config.MAIL_RETRY_BASE_MS,
  })
  const mailDeps = { db, accounts, delivery, relay }
  const notificationDeps = {
    ...mailDeps,
    users: createUsersClient(config.USERS_URL, config.INTERNAL_API_TOKEN),
  }
  const consumer = createConsumer(connections.kafka, {
    groupId: config.GROUP_ID,
    fromBeginning: config.KAFKA_OFFSET_RESET === 'earliest',
    logger,
    registry: metrics.registry,
    handlers: [
      on(sendEmailRequestedV1, sendEmailRequestedHandler(mailDeps)),
      on(leadAssignedV1, leadAssignedHandler(notificationDeps)),
      on(leadEscalatedV1, leadEscalatedHandler(notificationDeps)),
    ],
  })
  const runner = createCampaignRunner({
    db,
    accounts,
    delivery,
    relay,
    links: {
      tokens: signedTokens,
      publicBaseUrl: config.PUBLIC_BASE_URL,
      unsubscribeMailto: config.UNSUBSCRIBE_MAILTO,
    },
    audience: createAudienceSource({
      contactsUrl: config.CONTACTS_URL,
      leadRouterUrl: config.LEAD_ROUTER_URL,
      token: config.INTERNAL_API_TOKEN,
    }),
    logger,
    tickMs: config.CAMPAIGN_TICK_MS,
    batchSize: config.CAMPAIGN_BATCH_SIZE,
    claimStaleMs: config.CAMPAIGN_CLAIM_STALE_MS,
  })

  await http.register(
    async (internal) => {
      internal.addHook('onRequest', requireServiceToken(config.INTERNAL_API_TOKEN))
      await internal.register(campaignRoutes, { db, runner })
      await internal.register(accountRoutes, { db, box })
      await internal.register(suppressionRoutes, { db })
      await internal.register(deliveryReportRoutes, { db, metrics })
      await internal.register(subscriptionRoutes, {
        db,
        tokens: signedTokens,
        relay,
        publicBaseUrl: config.PUBLIC_BASE_URL,
      })
    },
    { prefix: '/internal/v1' },
  )
  await http.register(publicLinkRoutes, { db, tokens: signedTokens })

  return createServiceApp({
    http,
    host: config.HOST,
    port: config.PORT,
    logger,
    connections,
    db,
    async onStart() {
      relay.start()
      await consumer.start()
      runner.start()
    },
    async onStop() {
      await runner.stop()
      await consumer.stop()
      await relay.stop()
      await producer.disconnect()
    },
  })
}

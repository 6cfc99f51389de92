import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

/**
 * The OpenAPI 3 document (`GET /api/openapi.json`) generated from the routes' schemas, and
 * Swagger UI at `/api/docs`, the only pages whose Content-Security-Policy allows scripts.
 */
export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Leadflow API',
        version: '1.0.0',
        description:
          'Public REST API of Leadflow. Errors are RFC 9457 problem+json documents with a stable `code`.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          apiKeyAuth: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: 'Authorization: ApiKey lf_<id>_<secret>',
          },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  })
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // Swagger UI sets inline styles; plain-HTTP deployments (loopback) must not be forced to https.
    transformStaticCSP: (header) =>
      header
        .replace(/style-src ([^;]*);/, (_all, sources: string) => `style-src ${sources} 'unsafe-inline';`)
        .replace(/\s*upgrade-insecure-requests;?/, ''),
    uiConfig: { docExpansion: 'list', deepLinking: false, tryItOutEnabled: false },
  })
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger())
  // Every other answer is JSON: no scripts, no framing.
  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith('/api/docs') && !reply.hasHeader('content-security-policy'))
      void reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
  })
}

import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

/** Errors are answered as `application/problem+json`: say so for every 4xx/5xx in the document. */
function problemMediaType<T>(document: T): T {
  const paths = (document as { paths?: Record<string, Record<string, unknown>> }).paths ?? {}
  for (const operation of Object.values(paths).flatMap((ops) => Object.values(ops))) {
    const answers = (operation as { responses?: Record<string, { content?: Record<string, unknown> }> })
      .responses
    for (const [status, answer] of Object.entries(answers ?? {})) {
      const json = answer.content?.['application/json']
      if (!/^[45]/.test(status) || !answer.content || json === undefined) continue
      delete answer.content['application/json']
      answer.content['application/problem+json'] = json
    }
  }
  return document
}

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
    transformObject: (document) =>
      'openapiObject' in document ? problemMediaType(document.openapiObject) : document.swaggerObject,
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
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!request.url.startsWith('/api/docs') && !reply.hasHeader('content-security-policy'))
      void reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
    done(null, payload)
  })
}

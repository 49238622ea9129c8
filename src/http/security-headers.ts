import fastifyHelmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Helmet's headers on every response, API and OpenAPI page alike. The CSP is what the Swagger
 * UI at /api/docs needs and no more: its scripts and styles come from this server; it writes
 * inline styles and data: images. No framing by anyone. No upgrade-insecure-requests: the
 * service may be served over plain HTTP on a private network, where that would break the page.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    // The API serves no cross-origin resources; the default same-origin is what we want.
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  // Answers carry findings and manifests: no proxy or browser cache keeps them. The OpenAPI
  // page's static files set their own caching, which replaces this.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });
}

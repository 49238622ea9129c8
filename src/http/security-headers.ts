import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's headers on every response, API and OpenAPI page alike. The CSP is what the Swagger
 * UI at /api/docs needs and no more: its scripts and styles come from this server; it writes
 * inline styles and data: images. No framing by anyone. No upgrade-insecure-requests: the
 * service may be served over plain HTTP on a private network, where that would break the page.
 */
export const SECURITY_HEADER_POLICY: HelmetOptions = {
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
};

/**
 * The web console's policy (console-site.ts): everything from this server, nothing inline, not
 * even a style (the page's only stylesheet is its CSS file); the API on the same origin only.
 * No fonts: the console uses the system's.
 */
export const CONSOLE_SECURITY_HEADER_POLICY: HelmetOptions = {
  ...SECURITY_HEADER_POLICY,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      fontSrc: ["'none'"],
      connectSrc: ["'self'"],
      manifestSrc: ["'none'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  // A signed-in page: the Referer of a link out names no finding.
  referrerPolicy: { policy: 'no-referrer' },
};

/**
 * The headers helmet sets for a policy. They depend on the policy alone (no CSP nonces), so
 * they are worked out once: @fastify/helmet builds helmet's middleware again on every request,
 * which cost GET /findings a tenth of its throughput.
 */
export function helmetHeaders(policy: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(policy)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  return headers;
}

export function registerSecurityHeaders(app: NestFastifyApplication): void {
  const headers = {
    ...helmetHeaders(SECURITY_HEADER_POLICY),
    // Answers carry findings and manifests: no proxy or browser cache keeps them. The OpenAPI
    // page's static files set their own caching, which replaces this.
    'cache-control': 'no-store',
  };
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
}

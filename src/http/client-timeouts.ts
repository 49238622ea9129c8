import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { AppConfig } from '../config/app-config';

/**
 * How long the server waits on a client. Node enforces the headers and whole-request limits
 * (answering 408) on a timer of its own, every connectionsCheckingInterval: once a second, so
 * a limit of seconds holds to the second. The idle limit is the socket's inactivity timeout.
 */
export function clientTimeoutOptions(config: AppConfig): Pick<
  FastifyServerOptions,
  'connectionTimeout' | 'requestTimeout' | 'keepAliveTimeout'
> & {
  http: { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number };
} {
  return {
    connectionTimeout: config.idleTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    http: {
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: 1000,
    },
  };
}

/**
 * The idle limit is for the client: one that stops sending its request, or stops reading the
 * answer, is cut off. A socket that is quiet because the service is still working on a
 * complete request (a large scan) stays open.
 */
export function registerIdleClientCutoff(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    // With a listener here, Node leaves the decision to close the socket to us.
    reply.raw.on('timeout', () => {
      if (!request.raw.complete || reply.raw.headersSent) request.raw.socket.destroy();
    });
  });
}

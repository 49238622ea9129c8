import fastifyRateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { ApiKeyAuthenticator } from '../auth/api-key-authenticator';
import type { AppConfig } from '../config/app-config';

/**
 * Requests a minute per API key, the limit set by the key's role; requests without a valid key
 * count per client address, so guessing tokens is slow too. Past the limit: 429 with
 * Retry-After. Registered before Nest adds its routes (the plugin hooks each route as it is added).
 */
export async function registerRateLimits(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const authenticator = app.get(ApiKeyAuthenticator);
  const principalOf = async (request: FastifyRequest) => {
    const authentication = await authenticator.authenticate(request);
    return 'principal' in authentication ? authentication.principal : undefined;
  };
  await app.register(fastifyRateLimit, {
    global: true,
    timeWindow: 60_000,
    keyGenerator: async (request) => {
      const principal = await principalOf(request);
      return principal ? `key:${principal.keyId}` : `address:${request.ip}`;
    },
    max: async (request) => {
      const principal = await principalOf(request);
      return config.rateLimits[principal?.role ?? 'unauthenticated'];
    },
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `more than ${context.max} requests a minute for this key; retry in ${context.after}`,
    }),
  });
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONSOLE_SECURITY_HEADER_POLICY, helmetHeaders } from './security-headers';

/** Paths that belong to the API (and its OpenAPI page): never answered with the console. */
const API_PATH = /^\/(api|health)(\/|$|\?)/;

/**
 * The web console at /: its hashed files under /assets/, and index.html for any other GET that
 * a browser navigates to (the console routes in the page: /findings/…, /waivers). Its own, stricter
 * CSP (no inline style, as the OpenAPI page needs). Without a built console (a test run that did
 * not build it), / answers a 404 that says so, and the API is served all the same.
 */
export async function registerConsole(app: NestFastifyApplication, root: string): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const headers = { ...helmetHeaders(CONSOLE_SECURITY_HEADER_POLICY), 'cache-control': 'no-store' };
  const index = path.join(root, 'index.html');
  const built = fs.existsSync(index);
  await fastify.register(async (site) => {
    // After the global headers hook (registered earlier): the console's CSP replaces the API's.
    site.addHook('onRequest', async (_request, reply) => {
      reply.headers(headers);
    });
    if (built)
      await site.register(fastifyStatic, {
        root: path.join(root, 'assets'),
        prefix: '/assets/',
        // Swagger's page registered the plugin first and decorated the reply already.
        decorateReply: false,
        index: false,
        // File names carry their content hash: a new build is a new name.
        cacheControl: true,
        maxAge: '365d',
        immutable: true,
      });
    const page = async (request: FastifyRequest, reply: FastifyReply) => {
      if (API_PATH.test(request.url)) return reply.callNotFound();
      if (!built)
        return reply.code(404).type('application/json; charset=utf-8').send({
          statusCode: 404,
          error: 'Not Found',
          message: 'the web console is not built here: run `npm run build` (it builds into dist/console)',
        });
      // Read on each request: small, and a rebuild is served without a restart.
      return reply.type('text/html; charset=utf-8').send(await fs.promises.readFile(index));
    };
    site.get('/', page);
    site.get('/*', page);
  });
}

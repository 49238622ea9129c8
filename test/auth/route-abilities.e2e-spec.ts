import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ACTIONS, defineAbilities, SUBJECTS } from '../../src/auth/abilities';
import { ApiKeyAuthenticator } from '../../src/auth/api-key-authenticator';
import { AuthorizationGuard } from '../../src/auth/authorization.guard';
import { REQUIRED_ABILITY, type RequiredAbility } from '../../src/auth/allow.decorator';
import { ROLES } from '../../src/auth/principal';
import { IS_PUBLIC } from '../../src/auth/public.decorator';
import { registeredRoutes } from '../support/routes';
import { FixedClock } from '../../src/common/clock';
import { loadConfig } from '../../src/config/app-config';
import { createApp } from '../../src/create-app';
import { createTestApp, createTestDatabase, TEST_NOW, TEST_TOKEN, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('every route has an ability rule', () => {
  it('finds the routes (the walk itself works)', () => {
    const routes = registeredRoutes(t.app).map((route) => route.route);
    expect(routes).toEqual(
      expect.arrayContaining(['GET /health', 'GET /api/v1/findings', 'POST /api/v1/scans']),
    );
  });

  it('names, on each route, an ability some role has, or marks the route public', () => {
    const reflector = new Reflector();
    const roleAbilities = ROLES.map((role) =>
      defineAbilities({ keyId: '00000000-0000-4000-8000-000000000000', name: role, role, projects: ['p'] }),
    );
    const missing = registeredRoutes(t.app).flatMap(({ route, handler, controller }) => {
      if (reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, controller])) return [];
      const required = reflector.get<RequiredAbility | undefined>(REQUIRED_ABILITY, handler);
      if (!required) return [`${route}: no @Allow(action, subject) and not @Public`];
      if (!ACTIONS.includes(required.action) || !SUBJECTS.includes(required.subject))
        return [`${route}: unknown ability ${required.action} ${required.subject}`];
      const granted = roleAbilities.some((ability) => ability.can(required.action, required.subject));
      return granted ? [] : [`${route}: no role may ${required.action} ${required.subject}`];
    });
    expect(missing).toEqual([]);
  });

  it('refuses a route without a rule rather than opening it: the guard fails closed', async () => {
    const guard = new AuthorizationGuard(new Reflector(), t.app.get(ApiKeyAuthenticator));
    class Unruled {
      handler() {}
    }
    const request = { headers: { authorization: `Bearer ${TEST_TOKEN}` } };
    const context = {
      getHandler: () => Unruled.prototype.handler,
      getClass: () => Unruled,
      switchToHttp: () => ({ getRequest: () => request }),
    } as unknown as ExecutionContext;
    await expect(guard.canActivate(context)).rejects.toThrow('this route has no access rule');
  });

  it('has Fastify serve no route that is not one of these (none bypasses the guard)', async () => {
    const { dataSource, drop } = await createTestDatabase();
    const app = await createApp(
      { ...loadConfig({}), adminToken: TEST_TOKEN, logLevel: 'silent' },
      dataSource,
      new FixedClock(TEST_NOW),
    );
    try {
      const served: string[] = [];
      // Nest adds its routes to Fastify at init; the OpenAPI page was added before, by createApp.
      (app as NestFastifyApplication)
        .getHttpAdapter()
        .getInstance()
        .addHook('onRoute', (route) => {
          for (const method of [route.method].flat())
            if (method !== 'HEAD') served.push(`${method} ${route.url}`);
        });
      await app.init();
      expect(served.sort()).toEqual(registeredRoutes(app).map((route) => route.route));
    } finally {
      await app.close();
      await drop();
    }
  });

  it('keeps the OpenAPI page public (Fastify serves it, outside Nest routes)', async () => {
    await t.as('nothing').get('/api/docs').expect(200);
  });
});

import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';

export interface RegisteredRoute {
  /** "GET /api/v1/findings/:id" */
  route: string;
  controller: Type<unknown>;
  handler: (...args: unknown[]) => unknown;
}

const joined = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((part) => part.split('/'))
    .filter((part) => part !== '')
    .join('/');

/**
 * Every route the application's controllers declare, as Nest registers them with Fastify
 * (global prefix api/v1, /health excluded from it): the authorization tests walk this list, so
 * a route added later is covered or fails them.
 */
export function registeredRoutes(app: INestApplication): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown>;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        const prefix = base === 'health' ? '' : 'api/v1';
        routes.push({
          route: `${RequestMethod[method]} ${joined(prefix, base, path)}`,
          controller,
          handler: handler as RegisteredRoute['handler'],
        });
      }
    }
  }
  return routes.sort((a, b) => a.route.localeCompare(b.route));
}

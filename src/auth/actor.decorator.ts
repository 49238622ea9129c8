import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** Who makes the request, as the guard established it: the actor of history and audit entries. */
export const Actor = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const actor = context.switchToHttp().getRequest<FastifyRequest & { actor?: string }>().actor;
  // The guard runs before every handler that takes an actor; no actor means a route was left open by mistake.
  if (!actor) throw new Error('no actor on the request: the route is not behind the authentication guard');
  return actor;
});

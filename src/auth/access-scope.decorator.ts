import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AccessScope, ScopedRequest } from './access-scope';

/** The scope of the route's @Allow ability for the request's key (see AccessScope). */
export const Scope = createParamDecorator((_data: unknown, context: ExecutionContext): AccessScope => {
  const scope = context.switchToHttp().getRequest<ScopedRequest>().scope;
  if (!scope)
    throw new Error('no access scope on the request: the route is not behind the authorization guard');
  return scope;
});

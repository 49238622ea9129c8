import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/principal';
import type { RequestContext } from './request-context';

/** The request's principal and id, for the services that mutate (and audit) on its behalf. */
export const CurrentRequest = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestContext => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.principal)
      throw new Error('no principal on the request: the route is not behind the authentication guard');
    return { principal: request.principal, requestId: request.id };
  },
);

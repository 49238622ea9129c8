import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { scopeFor, type ScopedRequest } from './access-scope';
import { REQUIRED_ABILITY, type RequiredAbility } from './allow.decorator';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { IS_PUBLIC } from './public.decorator';

/**
 * The one door of the API: the bearer token must be a live API key (401 otherwise), and the
 * key's role must have the ability the route names with @Allow (403 otherwise). What the key
 * may reach within that ability (its projects) goes on the request as its scope; services
 * answer 404 for anything outside it, as for what does not exist.
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<ScopedRequest>();
    const authentication = await this.authenticator.authenticate(request);
    if ('failure' in authentication) throw new UnauthorizedException(authentication.failure);
    const { principal, ability } = authentication;
    request.principal = principal;
    const required = this.reflector.get<RequiredAbility | undefined>(REQUIRED_ABILITY, context.getHandler());
    // Closed unless a route says what it needs (test/auth/route-abilities fails on such a route).
    if (!required) throw new ForbiddenException('this route has no access rule');
    if (!ability.can(required.action, required.subject)) {
      throw new ForbiddenException(`a ${principal.role} key may not ${required.action} ${required.subject}`);
    }
    request.scope = scopeFor(ability, required.action, required.subject);
    return true;
  }
}

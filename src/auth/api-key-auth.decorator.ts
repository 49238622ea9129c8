import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';

/** The OpenAPI side of the guard: a bearer API key, and the answers the guard and limiter give. */
export const ApiKeyAuth = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiResponse({ status: 401, description: 'no token, or a malformed, forged, expired or revoked one' }),
    ApiResponse({ status: 403, description: "the key's role may not do this" }),
    ApiResponse({ status: 429, description: "past the key's rate limit; Retry-After says when to retry" }),
  );

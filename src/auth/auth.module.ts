import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { ApiKeysRepository } from './api-keys.repository';
import { AuthController } from './auth.controller';
import { AuthorizationGuard } from './authorization.guard';
import { LastUseRecorder } from './last-use-recorder';

/** Who calls: API keys as the guard in front of every route reads them (managing them: src/api-keys). */
@Module({
  controllers: [AuthController],
  providers: [
    ApiKeysRepository,
    LastUseRecorder,
    ApiKeyAuthenticator,
    { provide: APP_GUARD, useClass: AuthorizationGuard },
  ],
  exports: [ApiKeyAuthenticator, ApiKeysRepository, LastUseRecorder],
})
export class AuthModule {}

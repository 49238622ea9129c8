import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { AuthorizationGuard } from './authorization.guard';
import { LastUseRecorder } from './last-use-recorder';

/** API keys, and the guard in front of every route. */
@Module({
  controllers: [ApiKeysController],
  providers: [
    ApiKeysRepository,
    LastUseRecorder,
    ApiKeyAuthenticator,
    ApiKeysService,
    { provide: APP_GUARD, useClass: AuthorizationGuard },
  ],
  exports: [ApiKeyAuthenticator],
})
export class AuthModule {}

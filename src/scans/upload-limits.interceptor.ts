import {
  Inject,
  Injectable,
  PayloadTooLargeException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/**
 * The file count of an upload is checked before anything is done per file: interceptors run
 * before pipes, so 300,000 tiny manifests are a 413 before a single one is validated.
 */
@Injectable()
export class UploadLimitsInterceptor implements NestInterceptor {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const body = context.switchToHttp().getRequest<{ body?: { manifests?: unknown } }>().body;
    const files = body?.manifests;
    if (Array.isArray(files) && files.length > this.config.maxManifestsPerScan) {
      throw new PayloadTooLargeException(
        `a scan takes at most ${this.config.maxManifestsPerScan} files (VIGIL_MAX_MANIFESTS_PER_SCAN); this one has ${files.length}`,
      );
    }
    return next.handle();
  }
}

import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { SigningIdentity } from '../report-signing/signing-identity';
import { loadConfiguredIdentity, loadOrCreateIdentity } from './report-signing-identity';

/**
 * The key and certificate reports are signed with. Configured files are read in the
 * constructor (a bad one stops the start); otherwise the pair is loaded, or made at first
 * start, in the background from bootstrap on, and the first report waits for it if need be.
 */
@Injectable()
export class ReportSigningKey implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReportSigningKey.name);
  private identity: Promise<SigningIdentity> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    if (config.reportSigning) this.identity = Promise.resolve(loadConfiguredIdentity(config.reportSigning));
  }

  onApplicationBootstrap(): void {
    this.get().catch((error: Error) =>
      this.logger.error(`the report signing key is not usable: ${error.message}`),
    );
  }

  get(): Promise<SigningIdentity> {
    // A failed attempt is not kept: the next report tries again (a full disk may have been freed).
    this.identity ??= loadOrCreateIdentity(this.config, this.clock.now()).catch((error: unknown) => {
      this.identity = undefined;
      throw error;
    });
    return this.identity;
  }
}

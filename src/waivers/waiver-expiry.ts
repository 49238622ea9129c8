import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { SYSTEM_CONTEXT } from '../audit/request-context';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { onWaiverExpired, type FindingStatus } from '../findings/lifecycle/finding-lifecycle';
import { FindingLifecycleService, type Transition } from '../findings/lifecycle/finding-lifecycle.service';

/**
 * An accepted risk lasts until its expiry; then the finding reopens by itself, with an entry in
 * its history. Runs on a timer and before each scan is stored.
 */
@Injectable()
export class WaiverExpiry implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WaiverExpiry.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly lifecycle: FindingLifecycleService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.reopenExpired().catch((error: Error) =>
        this.logger.error(`reopening expired waivers failed: ${error.message}`),
      );
    }, this.config.waiverSweepSeconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Reopens every finding whose accepted risk has expired by now; returns how many. */
  async reopenExpired(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // SKIP LOCKED: a finding being changed by a person right now is swept next time.
      const expired: { id: string; status: FindingStatus }[] = await manager.query(
        `SELECT id, status FROM findings
         WHERE status = 'risk_accepted' AND risk_accepted_until <= $1
         ORDER BY id FOR UPDATE SKIP LOCKED`,
        [this.clock.now()],
      );
      const transitions = expired.flatMap((finding): Transition[] => {
        const move = onWaiverExpired(finding.status);
        return move
          ? [{ findingId: finding.id, from: finding.status, ...move, note: 'the risk acceptance expired' }]
          : [];
      });
      await this.lifecycle.apply(manager, transitions, { actor: SYSTEM_CONTEXT.principal.name });
      await this.audit.append(
        manager,
        transitions.map((move) => ({
          action: 'finding.waiver_expired',
          target: { type: 'finding', id: move.findingId },
          before: { status: move.from },
          after: { status: move.to },
        })),
        SYSTEM_CONTEXT,
      );
      return transitions.length;
    });
  }
}

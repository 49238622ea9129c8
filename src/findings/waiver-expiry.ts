import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/**
 * An accepted risk lasts until its expiry; then the finding reopens by itself, with an event
 * in its history. Runs on a timer and before each scan is stored.
 */
@Injectable()
export class WaiverExpiry implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WaiverExpiry.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
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

  /** Returns how many findings reopened. */
  async reopenExpired(now: Date = new Date()): Promise<number> {
    const [{ count }] = await this.dataSource.query(
      `WITH expired AS (
         SELECT id FROM findings
         WHERE status = 'risk_accepted' AND risk_accepted_until <= $1
         FOR UPDATE SKIP LOCKED
       ), reopened AS (
         UPDATE findings f SET status = 'reopened', risk_accepted_until = NULL, updated_at = now()
         FROM expired WHERE f.id = expired.id RETURNING f.id
       ), events AS (
         INSERT INTO finding_events (finding_id, type, actor, from_status, to_status, note)
         SELECT id, 'waiver_expired', 'system', 'risk_accepted', 'reopened', 'the risk acceptance expired' FROM reopened
       ), ended AS (
         UPDATE waivers SET ended_at = now()
         WHERE ended_at IS NULL AND kind = 'risk_accepted' AND finding_id IN (SELECT id FROM reopened)
       )
       SELECT count(*)::int AS count FROM reopened`,
      [now],
    );
    return count;
  }
}

import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ApiKeysRepository } from './api-keys.repository';

/** How often the last use of keys reaches the table. */
const FLUSH_EVERY_MS = 15_000;

/**
 * Keys' last use, gathered in memory and written in one statement every few seconds (and at
 * shutdown): a request costs a map write, never a database write.
 */
@Injectable()
export class LastUseRecorder implements OnApplicationShutdown {
  private pending = new Map<string, Date>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly keys: ApiKeysRepository) {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  used(keyId: string, at: Date): void {
    this.pending.set(keyId, at);
  }

  /** Writes what was gathered; GET /api-keys calls it first so its answer is current. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const uses = [...this.pending].map(([id, at]) => ({ id, at }));
    this.pending = new Map();
    await this.keys.recordLastUse(uses);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush().catch(() => undefined);
  }
}

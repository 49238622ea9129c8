import { availableParallelism } from 'node:os';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ScanWorkerPool } from '../scanner/worker-pool';

/**
 * The threads' CPU priority below the event loop's: on a busy machine, where they share what the
 * other processes leave, GET /health and short requests still get the CPU first.
 */
const WORKER_NICENESS = 10;

/**
 * The service's one pool of worker threads: uploads are scanned and compliance reports rendered
 * there, so neither stalls other requests. One core is left to the event loop.
 */
@Injectable()
export class ServiceWorkerPool implements OnModuleDestroy {
  readonly pool = new ScanWorkerPool({
    threads: Math.max(1, Math.min(2, availableParallelism() - 1)),
    warm: true,
    niceIncrement: WORKER_NICENESS,
  });

  async onModuleDestroy(): Promise<void> {
    await this.pool.destroy();
  }
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Piscina } from 'piscina';
import type { RenderedReport, ReportJob } from '../compliance-report/report-job';
import { runReportJob } from './scan-worker';
import { runScanJob, type ScanJob } from './scan-job';
import type { ScanPart } from './scanner';

const WORKER_FILE = path.join(__dirname, 'scan-worker.js');

/**
 * Each thread's young generation. V8 sizes it from the machine's memory (up to 48 MB a thread
 * here); scan objects die young, so 16 MB keeps the collections cheap, and two threads scanning
 * 1,000 dense manifests peaked at 271 MB instead of 303 MB.
 */
const YOUNG_GENERATION_MB = 16;

/**
 * The one pool of worker threads, used by the CLI (shares of a large file set) and the service
 * (an upload's batches, or one compliance report). Threads need the compiled worker, so code run from the TypeScript
 * sources (the tests) scans in the calling thread instead, with the same result.
 */
export class ScanWorkerPool {
  private readonly pool: Piscina<ScanJob | ReportJob, ScanPart | RenderedReport> | undefined;

  /**
   * `warm`: keep the threads (and their compiled policies) between jobs, as a long-running service does.
   * `heapLimitMb`: each thread's old-generation heap; V8 lets an uncapped heap grow with garbage,
   * so a few threads would take several times the memory a scan needs. A job that does not fit
   * fails with ERR_WORKER_OUT_OF_MEMORY (see isOutOfMemory) and can be run elsewhere.
   * `niceIncrement`: how much lower than the calling thread's the threads' CPU priority is (Linux,
   * through piscina's optional @napi-rs/nice): a service's event loop then gets the CPU first.
   */
  constructor(options: { threads: number; warm?: boolean; heapLimitMb?: number; niceIncrement?: number }) {
    this.pool =
      options.threads > 0 && fs.existsSync(WORKER_FILE)
        ? new Piscina<ScanJob | ReportJob, ScanPart | RenderedReport>({
            filename: WORKER_FILE,
            minThreads: options.warm ? options.threads : 0,
            maxThreads: options.threads,
            niceIncrement: options.niceIncrement ?? 0,
            ...(options.heapLimitMb
              ? {
                  resourceLimits: {
                    maxOldGenerationSizeMb: options.heapLimitMb,
                    maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
                  },
                }
              : {}),
          })
        : undefined;
  }

  run(job: ScanJob): Promise<ScanPart> {
    return this.pool
      ? (this.pool.run(job) as Promise<ScanPart>)
      : Promise.resolve().then(() => runScanJob(job));
  }

  /** Builds, renders and signs a compliance report (scan-worker.ts exports runReportJob). */
  runReport(job: ReportJob): Promise<RenderedReport> {
    return this.pool
      ? (this.pool.run(job, { name: 'runReportJob' }) as Promise<RenderedReport>)
      : runReportJob(job);
  }

  async destroy(): Promise<void> {
    await this.pool?.destroy();
  }
}

/** A job that outgrew its thread's heap limit. */
export function isOutOfMemory(error: unknown): boolean {
  return (error as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
}

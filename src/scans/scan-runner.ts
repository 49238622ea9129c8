import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Piscina } from 'piscina';
import type { ScanReport } from '../core/scan-report';
import { Scanner } from '../scanner/scanner';
import { VIGIL_VERSION } from '../scanner/version';
import type { ManifestUploadDto } from './dto/create-scan.dto';
import scanUpload, { type ScanJob } from './scan-worker';

const WORKER_FILE = path.join(__dirname, 'scan-worker.js');

/**
 * The service's door to the scanner core, the same engine the CLI runs. Uploads are scanned in
 * a pool of worker threads so that a large one does not stall other requests; the pool needs
 * the compiled worker, so code run from sources (the tests) scans in the calling thread.
 */
@Injectable()
export class ScanRunner implements OnModuleDestroy {
  /** Rule metadata for reports, and the in-thread scanner when there is no pool. */
  private readonly scanner = new Scanner();
  private readonly pool = fs.existsSync(WORKER_FILE)
    ? new Piscina<ScanJob, ReturnType<typeof scanUpload>>({
        filename: WORKER_FILE,
        maxThreads: Math.max(1, Math.min(2, availableParallelism() - 1)),
        idleTimeout: 60_000,
      })
    : undefined;

  /** Judges dates (suppressions, adequacy, certificates) as of `now`. Throws InputError (422) when any manifest is broken. */
  async run(uploads: ManifestUploadDto[], now: Date): Promise<ScanReport> {
    const files = uploads.map((upload) => ({ path: upload.path, content: upload.content }));
    // Other uploaded files (certificates) are there to be referenced, not scanned.
    const manifests = files.filter((file) => /\.(ya?ml|json)$/i.test(file.path));
    const job: ScanJob = { manifests, files, now: now.toISOString() };
    const part = this.pool ? await this.pool.run(job) : scanUpload(job);
    return this.scanner.report(
      manifests.map((manifest) => manifest.path),
      [part],
    );
  }

  /** Which engine and catalogue judged a scan, stored with it. */
  get rulesVersion(): string {
    return `vigil ${VIGIL_VERSION}, ${this.scanner.rules.length} rules`;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.destroy();
  }
}

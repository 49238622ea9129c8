import { availableParallelism } from 'node:os';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ScanReport } from '../core/scan-report';
import { Scanner } from '../scanner/scanner';
import { VIGIL_VERSION } from '../scanner/version';
import { ScanWorkerPool } from '../scanner/worker-pool';
import type { ManifestUploadDto } from './dto/create-scan.dto';

/**
 * The service's door to the scanner core, the same engine the CLI runs. Uploads are scanned in
 * the scanner's worker pool so that a large one does not stall other requests; one core is left
 * to the event loop.
 */
@Injectable()
export class ScanRunner implements OnModuleDestroy {
  /** Rule metadata for reports; the bundled policies, as the workers use them. */
  private readonly scanner = new Scanner();
  private readonly pool = new ScanWorkerPool({
    threads: Math.max(1, Math.min(2, availableParallelism() - 1)),
    warm: true,
  });

  /** Judges dates (suppressions, adequacy, certificates) as of `now`. Throws InputError (422) when any manifest is broken. */
  async run(uploads: ManifestUploadDto[], now: Date): Promise<ScanReport> {
    const files = uploads.map((upload) => ({ path: upload.path, content: upload.content }));
    // Other uploaded files (certificates) are there to be referenced, not scanned.
    const manifests = files.filter((file) => /\.(ya?ml|json|jsonl)$/i.test(file.path));
    const part = await this.pool.run({
      selection: {},
      sources: manifests,
      files,
      now: now.toISOString(),
    });
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
    await this.pool.destroy();
  }
}

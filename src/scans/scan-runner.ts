import { Injectable } from '@nestjs/common';
import type { RuleMetadata } from '../core/rule-metadata';
import type { ScanReport } from '../core/scan-report';
import { Scanner } from '../scanner/scanner';
import { VIGIL_VERSION } from '../scanner/version';
import type { ManifestUploadDto } from './dto/create-scan.dto';
import { ServiceWorkerPool } from './service-worker-pool';

/**
 * The service's door to the scanner core, the same engine the CLI runs. Uploads are scanned in
 * the service's worker pool so that a large one does not stall other requests.
 */
@Injectable()
export class ScanRunner {
  /** Rule metadata for reports; the bundled policies, as the workers use them. */
  private readonly scanner = new Scanner();

  constructor(private readonly workers: ServiceWorkerPool) {}

  /** Judges dates (suppressions, adequacy, certificates) as of `now`. Throws InputError (422) when any manifest is broken. */
  async run(uploads: ManifestUploadDto[], now: Date): Promise<ScanReport> {
    const files = uploads.map((upload) => ({ path: upload.path, content: upload.content }));
    // Other uploaded files (certificates) are there to be referenced, not scanned.
    const manifests = files.filter((file) => /\.(ya?ml|json)$/i.test(file.path));
    const part = await this.workers.pool.run({
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

  /** The rules scans are judged by, in catalogue order (compliance reports map them to controls). */
  get rules(): RuleMetadata[] {
    return this.scanner.rules;
  }
}

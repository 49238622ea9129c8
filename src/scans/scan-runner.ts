import { Injectable } from '@nestjs/common';
import type { RuleMetadata } from '../core/rule-metadata';
import type { ScanReport } from '../core/scan-report';
import { Scanner } from '../scanner/scanner';
import { VIGIL_VERSION } from '../scanner/version';
import { inputFormatOf } from '../importers/import-sources';
import { scanBatches } from '../scanner/scan-batches';
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

  /**
   * Judges dates (suppressions, adequacy, certificates) as of `now`. Throws InputError (422)
   * when any manifest is broken. The manifests go to the threads in the CLI's batches, so a
   * thread holds one batch at a time and both threads work on a large upload.
   */
  async run(uploads: ManifestUploadDto[], now: Date): Promise<ScanReport> {
    const files = uploads.map((upload) => ({ path: upload.path, content: upload.content }));
    // Other uploaded files (certificates) are there to be referenced, not scanned; each job
    // carries those, and not a second copy of every manifest.
    const manifests = files.filter((file) => isManifestPath(file.path));
    const referable = files.filter((file) => !isManifestPath(file.path));
    // Imported files (plans, Fides, lineage, overlays) are joined into one estate, so they are
    // scanned together in one job, as the CLI does; Vigil manifests in batches.
    const imported = new Set(manifests.filter((file) => inputFormatOf(file.content) !== 'vigil'));
    const native = manifests.filter((file) => !imported.has(file));
    const jobs = [
      ...(imported.size > 0 ? [[...imported]] : []),
      ...scanBatches(native, (manifest) => manifest.content.length),
    ];
    const parts = await Promise.all(
      jobs.map((sources) =>
        this.workers.pool.run({ selection: {}, sources, files: referable, now: now.toISOString() }),
      ),
    );
    return this.scanner.report(
      manifests.map((manifest) => manifest.path),
      parts,
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

/** What the service scans as a manifest; anything else is a file a manifest may refer to. */
const isManifestPath = (file: string) => /\.(ya?ml|json|jsonl)$/i.test(file);

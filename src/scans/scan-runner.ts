import * as path from 'node:path';
import { Injectable } from '@nestjs/common';
import type { ScanReport } from '../scanner/finding';
import { Scanner } from '../scanner/scanner';
import { VIGIL_VERSION } from '../scanner/version';
import type { ManifestUploadDto } from './dto/create-scan.dto';

/**
 * The service's door to the scanner core, the same engine the CLI runs. Policies are compiled
 * once for the life of the process.
 */
@Injectable()
export class ScanRunner {
  private readonly scanner = new Scanner();

  /** Throws InputError (rendered as 422) when any manifest is broken. */
  run(manifests: ManifestUploadDto[]): ScanReport {
    // Certificate files a manifest references are looked up among the uploaded files.
    const uploaded = new Map(
      manifests.map((manifest) => [path.posix.normalize(manifest.path), manifest.content]),
    );
    // Other uploaded files (certificates) are there to be referenced, not scanned.
    const scanned = manifests.filter((manifest) => /\.(ya?ml|json)$/i.test(manifest.path));
    return this.scanner.scan(
      scanned.map((manifest) => ({ path: manifest.path, content: manifest.content })),
      { readFile: (file) => uploaded.get(path.posix.normalize(file)) },
    );
  }

  /** Which engine and catalogue judged a scan, stored with it. */
  get rulesVersion(): string {
    return `vigil ${VIGIL_VERSION}, ${this.scanner.rules.length} rules`;
  }
}

import { Injectable, NotFoundException } from '@nestjs/common';
import type { AccessScope } from '../auth/access-scope';
import type { RemediationDto } from './dto/finding.dto';
import { FindingsRepository } from './findings.repository';
import { manifestExcerpt } from './remediation-excerpt';

export type RemediationView = RemediationDto;

/** GET /findings/:id/remediation: guidance, the fix, and the fix applied to the manifest as last scanned. */
@Injectable()
export class FindingRemediationService {
  constructor(private readonly findings: FindingsRepository) {}

  async remediation(id: string, scope: AccessScope): Promise<RemediationView> {
    const found = await this.findings.record(id);
    if (!found || !scope.includesProject(found.project)) throw new NotFoundException(`no finding ${id}`);
    const { finding } = found;
    const view: RemediationView = {
      findingId: finding.id,
      ruleId: finding.ruleId,
      guidance: finding.remediation,
      fix: finding.fix,
      manifest: null,
    };
    const text = await this.findings.scannedFile(finding.lastSeenScanId, finding.file);
    if (text === undefined) {
      return { ...view, error: `the scan that last saw this finding did not keep ${finding.file}` };
    }
    const excerpt = manifestExcerpt(finding.file, text, finding, finding.fix?.patch);
    if (!('file' in excerpt)) return { ...view, error: excerpt.error };
    const { error, ...manifest } = excerpt;
    return error === undefined ? { ...view, manifest } : { ...view, manifest, error };
  }
}

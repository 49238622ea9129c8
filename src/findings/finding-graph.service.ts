import { Injectable, NotFoundException } from '@nestjs/common';
import type { AccessScope } from '../auth/access-scope';
import { loadCategoryClassifier } from '../reference-data/category-classes';
import type { FindingGraphDto } from './dto/finding-graph.dto';
import { findingGraph } from './finding-graph';
import { FindingsRepository } from './findings.repository';
import { isImportedFile, scannedManifest, type KeptFile } from './scanned-manifest';

/** GET /findings/:id/graph: the manifest as last scanned, drawn as systems and flows, with the finding's path on it. */
@Injectable()
export class FindingGraphService {
  constructor(private readonly findings: FindingsRepository) {}

  async graph(id: string, scope: AccessScope): Promise<FindingGraphDto> {
    const found = await this.findings.record(id);
    // Outside the key's projects a finding is not found, as if it did not exist.
    if (!found || !scope.includesProject(found.project)) throw new NotFoundException(`no finding ${id}`);
    const { finding } = found;
    const head = {
      findingId: finding.id,
      ruleId: finding.ruleId,
      manifest: finding.manifest,
      file: finding.file,
    };
    const read = scannedManifest(finding, await this.keptFiles(finding.lastSeenScanId, finding.file));
    if ('error' in read)
      return {
        ...head,
        graph: null,
        path: { nodes: [], edges: [] },
        offendingSystemId: null,
        offendingFlowId: null,
        error: read.error,
      };
    return { ...head, ...findingGraph(read.manifest, loadCategoryClassifier().pseudonymousKey, finding) };
  }

  /** The finding's file; every file of the scan when it is imported, since the estate joins them all. */
  private async keptFiles(scanId: string, file: string): Promise<KeptFile[]> {
    const content = await this.findings.scannedFile(scanId, file);
    if (content === undefined) return [];
    return isImportedFile(content) ? this.findings.scannedFiles(scanId) : [{ path: file, content }];
  }
}

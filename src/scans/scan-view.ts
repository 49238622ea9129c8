import type { ScanChangeDto, ScanDto, ScanFindingDto, ScanResultDto } from './dto/scan.dto';
import type { ScanChangeRow, ScanRow } from './scans.repository';

/** How many new, reopened or fixed findings a scan's answer lists (the counts are always whole). */
export const CHANGES_LISTED = 1000;

export type ScanResultView = ScanResultDto;

export function toScanListItem(row: ScanRow): ScanDto {
  return {
    id: row.id,
    project: row.project,
    ref: row.ref,
    commit: row.commit,
    complete: row.complete,
    createdAt: row.createdAt,
    verdict: row.verdict,
    failOn: row.failOn,
    summary: row.summary,
  };
}

export function toScanResult(
  row: ScanRow,
  changes: {
    newFindings: ScanChangeRow[];
    reopenedFindings: ScanChangeRow[];
    fixedFindings: ScanChangeRow[];
  },
): ScanResultDto {
  return {
    ...toScanListItem(row),
    warnings: row.warnings,
    rulesVersion: row.rulesVersion,
    referenceData: row.referenceData,
    newFindings: changes.newFindings.map(toScanChange),
    reopenedFindings: changes.reopenedFindings.map(toScanChange),
    fixedFindings: changes.fixedFindings.map(toScanChange),
  };
}

export function toScanChange(row: ScanChangeRow): ScanChangeDto {
  return {
    id: row.id,
    ruleId: row.ruleId,
    severity: row.severity,
    status: row.status,
    resource: { type: row.resourceType, id: row.resourceId },
    file: row.file,
    line: row.line,
    message: row.message,
  };
}

export function toScanFinding(row: ScanChangeRow): ScanFindingDto {
  return { ...toScanChange(row), fingerprint: row.fingerprint };
}

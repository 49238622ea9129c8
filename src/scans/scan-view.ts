import type { EntityManager } from 'typeorm';
import type { ScanSummary } from './scan.entity';

/** How many new, reopened or fixed findings a scan's answer lists (the counts are always whole). */
export const CHANGES_LISTED = 1000;

export interface ScanChange {
  id: string;
  ruleId: string;
  severity: string;
  status: string;
  resource: { type: string; id: string };
  file: string;
  line: number;
  message: string;
}

export interface ScanResultView {
  id: string;
  project: string;
  ref: string | null;
  commit: string | null;
  complete: boolean;
  createdAt: string;
  summary: ScanSummary;
  verdict: 'pass' | 'fail';
  failOn: string;
  rulesVersion: string;
  referenceData: Record<string, string>;
  newFindings: ScanChange[];
  reopenedFindings: ScanChange[];
  fixedFindings: ScanChange[];
}

/** A finding row (snake_case columns) as a scan's answer lists it. */
export function toScanChange(row: Record<string, unknown>): ScanChange {
  return {
    id: row.id as string,
    ruleId: row.rule_id as string,
    severity: row.severity as string,
    status: row.status as string,
    resource: { type: row.resource_type as string, id: row.resource_id as string },
    file: row.file as string,
    line: Number(row.line),
    message: row.message as string,
  };
}

export async function toScanView(
  manager: EntityManager,
  scanId: string,
  project: string,
): Promise<ScanResultView> {
  const [scan] = await manager.query(
    `SELECT id, ref, commit_sha, complete, created_at, summary, verdict, fail_on, rules_version, reference_data
     FROM scans WHERE id = $1`,
    [scanId],
  );
  const changes = async (type: string): Promise<ScanChange[]> => {
    const rows = await manager.query(
      `SELECT f.id, f.rule_id, f.severity, f.status, f.resource_type, f.resource_id, f.file, f.line, f.message
       FROM finding_events e JOIN findings f ON f.id = e.finding_id
       WHERE e.scan_id = $1 AND e.type = $2
       ORDER BY f.severity_rank DESC, f.id LIMIT ${CHANGES_LISTED}`,
      [scanId, type],
    );
    return rows.map(toScanChange);
  };
  return {
    id: scan.id,
    project,
    ref: scan.ref,
    commit: scan.commit_sha,
    complete: scan.complete,
    createdAt: new Date(scan.created_at).toISOString(),
    summary: scan.summary,
    verdict: scan.verdict,
    failOn: scan.fail_on,
    rulesVersion: scan.rules_version,
    referenceData: scan.reference_data,
    newFindings: await changes('detected'),
    reopenedFindings: await changes('reopened'),
    fixedFindings: await changes('fixed'),
  };
}

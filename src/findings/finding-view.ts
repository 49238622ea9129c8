import type { FindingRecord } from './finding.entity';

/** A finding as the API shows it (list items; GET /findings/:id adds history and waivers). */
export interface FindingView {
  id: string;
  project: string;
  fingerprint: string;
  ruleId: string;
  module: string;
  title: string;
  severity: string;
  status: string;
  resource: { type: string; id: string };
  manifest: string;
  file: string;
  line: number;
  column: number;
  pointer: string;
  message: string;
  assignee: string | null;
  riskAcceptedUntil: string | null;
  inlineSuppression: unknown;
  firstSeenAt: string;
  lastSeenAt: string;
  firstSeenScanId: string;
  lastSeenScanId: string;
}

export function toFindingView(record: FindingRecord, project: string): FindingView {
  return {
    id: record.id,
    project,
    fingerprint: record.fingerprint,
    ruleId: record.ruleId,
    module: record.module,
    title: record.title,
    severity: record.severity,
    status: record.status,
    resource: { type: record.resourceType, id: record.resourceId },
    manifest: record.manifest,
    file: record.file,
    line: record.line,
    column: record.column,
    pointer: record.pointer,
    message: record.message,
    assignee: record.assignee,
    riskAcceptedUntil: record.riskAcceptedUntil?.toISOString() ?? null,
    inlineSuppression: record.inlineSuppression,
    firstSeenAt: record.firstSeenAt.toISOString(),
    lastSeenAt: record.lastSeenAt.toISOString(),
    firstSeenScanId: record.firstSeenScanId,
    lastSeenScanId: record.lastSeenScanId,
  };
}

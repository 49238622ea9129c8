import type { JsonPatchOperation, WitnessStep } from '../core/finding';
import type { RuleReference } from '../core/rule-metadata';
import type { FindingEventType } from './finding-event.entity';
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

/** The columns a list item needs: lists leave evidence, references and the fix out. */
export type FindingSummary = Pick<
  FindingRecord,
  | 'id'
  | 'fingerprint'
  | 'ruleId'
  | 'module'
  | 'title'
  | 'severity'
  | 'status'
  | 'resourceType'
  | 'resourceId'
  | 'manifest'
  | 'file'
  | 'line'
  | 'column'
  | 'pointer'
  | 'message'
  | 'assignee'
  | 'riskAcceptedUntil'
  | 'inlineSuppression'
  | 'firstSeenAt'
  | 'lastSeenAt'
  | 'firstSeenScanId'
  | 'lastSeenScanId'
>;

export function toFindingView(record: FindingSummary, project: string): FindingView {
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

/** One entry of a finding's history. */
export interface FindingEventView {
  type: FindingEventType;
  actor: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  scanId: string | null;
  at: string;
}

/** The decision in force not to fix a finding. */
export interface WaiverView {
  id: string;
  kind: 'false_positive' | 'risk_accepted';
  justification: string;
  expiresAt: string | null;
  createdBy: string;
  createdAt: string;
}

/** GET /findings/:id: the list item plus what a reviewer needs to decide. */
export interface FindingDetailView extends FindingView {
  evidence: Record<string, unknown>;
  witnessPath: WitnessStep[] | null;
  references: RuleReference[];
  remediation: string;
  fix: { description: string; patch: JsonPatchOperation[] } | null;
  waiver: WaiverView | null;
  history: FindingEventView[];
}

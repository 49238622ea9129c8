import { stringify } from 'csv-stringify/sync';
import type { ComplianceReport, ReportControl, ReportFinding } from './report-model';

export const CSV_COLUMNS = [
  'framework',
  'framework_version',
  'control_id',
  'control_title',
  'control_status',
  'rules',
  'finding_id',
  'rule_id',
  'severity',
  'finding_status',
  'resource_type',
  'resource_id',
  'file',
  'line',
  'first_seen_at',
  'fixed_at',
  'waiver_kind',
  'waiver_justification',
  'waiver_requested_by',
  'waiver_approved_by',
  'waiver_expires_at',
  'suppression_reason',
  'suppression_expires',
  'message',
] as const;

/**
 * One row per control and finding (RFC 4180: CRLF, quoted where needed); a control without
 * findings has one row with the finding columns empty, so not-assessed controls are listed too.
 */
export function renderCsv(report: ComplianceReport): Buffer {
  const rows: string[][] = [];
  for (const control of report.controls) {
    if (control.findings.length === 0) rows.push(row(report, control, undefined));
    for (const finding of control.findings) rows.push(row(report, control, finding));
  }
  return Buffer.from(
    stringify(rows, { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows', bom: false }),
    'utf8',
  );
}

function row(report: ComplianceReport, control: ReportControl, finding: ReportFinding | undefined): string[] {
  const waiver = finding?.waiver;
  return [
    report.framework.name,
    report.framework.version,
    control.id,
    control.title,
    control.status,
    control.rules.map((rule) => rule.id).join(' '),
    finding?.id ?? '',
    finding?.ruleId ?? '',
    finding?.severity ?? '',
    finding?.status ?? '',
    finding?.resourceType ?? '',
    finding?.resourceId ?? '',
    finding?.file ?? '',
    finding ? String(finding.line) : '',
    finding?.firstSeenAt ?? '',
    finding?.fixedAt ?? '',
    waiver?.kind ?? '',
    waiver?.justification ?? '',
    waiver?.requestedBy ?? '',
    waiver?.approvedBy ?? '',
    waiver?.expiresAt ?? '',
    finding?.suppression?.reason ?? '',
    finding?.suppression?.expires ?? '',
    finding?.message ?? '',
  ].map(inertInSpreadsheets);
}

/**
 * A cell starting with = + - @ (or a tab or carriage return) is a formula to a spreadsheet: an
 * auditor opening the file must not run text a manifest author wrote. OWASP's advice: a leading
 * apostrophe.
 */
function inertInSpreadsheets(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

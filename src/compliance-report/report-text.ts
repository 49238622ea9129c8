import type { ComplianceReport, ControlStatus, ReportWaiver } from './report-model';

/** Words the laid-out formats (HTML, PDF) share, so both say the same thing the same way. */
export const STATUS_LABEL: Record<ControlStatus, string> = {
  compliant: 'Compliant',
  'non-compliant': 'Non-compliant',
  'not-assessed': 'Not assessed by Vigil',
};

export const STATUS_MEANING: Record<ControlStatus, string> = {
  compliant:
    'rules test it and no finding of theirs is still to be worked on (fixed, waived or suppressed ones are listed)',
  'non-compliant': 'at least one finding of its rules is open, triaged, in progress or reopened',
  'not-assessed': 'no Vigil rule tests it: the control needs evidence from elsewhere; this is not a pass',
};

export function reportTitle(report: ComplianceReport): string {
  return `${report.framework.name} compliance report: ${report.project}`;
}

export function periodText(report: ComplianceReport): string {
  return `${report.period.from ? day(report.period.from) : 'project start'} to ${day(report.period.to)}`;
}

export function day(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}

export function signed(delta: number): string {
  return delta > 0 ? `+${delta}` : String(delta);
}

export function waiverText(waiver: ReportWaiver): string {
  const kind = waiver.kind === 'risk_accepted' ? 'Risk accepted' : 'False positive';
  const until = waiver.expiresAt ? ` until ${day(waiver.expiresAt)}` : '';
  const approver = waiver.approvedBy ? `approved by ${waiver.approvedBy}` : 'no approver recorded';
  return `${kind}${until}: "${waiver.justification}" (requested by ${waiver.requestedBy} on ${day(waiver.requestedAt)}, ${approver})`;
}

/** The reference data line every format states. */
export function referenceDataText(report: ComplianceReport): string {
  const data = report.referenceData;
  return [
    data.taxonomy ?? 'taxonomy not recorded',
    data.eea ?? 'EEA list not recorded',
    data.adequacy ?? 'adequacy decisions not recorded',
  ].join('; ');
}

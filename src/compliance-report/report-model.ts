import type { Severity } from '../core/severity';

/** The frameworks a compliance report can be mapped to (one data file each, data/frameworks/). */
export const FRAMEWORK_KEYS = ['gdpr', 'iso27001', 'nist-800-53', 'soc2'] as const;
export type FrameworkKey = (typeof FRAMEWORK_KEYS)[number];

export const REPORT_FORMATS = ['pdf', 'html', 'csv', 'json', 'oscal'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A control no rule tests is not assessed, never passing. */
export type ControlStatus = 'compliant' | 'non-compliant' | 'not-assessed';

/** A decision not to fix, as the report shows it. */
export interface ReportWaiver {
  id: string;
  findingId: string;
  kind: 'false_positive' | 'risk_accepted';
  justification: string;
  requestedBy: string;
  requestedAt: string;
  /** Null while the service records no approver (waivers taking effect at once, or older waivers). */
  approvedBy: string | null;
  approvedAt: string | null;
  expiresAt: string | null;
}

export interface ReportSuppression {
  findingId: string;
  ruleId: string;
  resource: string;
  file: string;
  line: number;
  reason: string;
  expires: string | null;
}

export interface ReportFinding {
  id: string;
  ruleId: string;
  severity: Severity;
  status: string;
  resourceType: string;
  resourceId: string;
  file: string;
  line: number;
  message: string;
  firstSeenAt: string;
  /** When a complete scan (or a person) last marked it fixed; null unless its status is fixed. */
  fixedAt: string | null;
  waiver: ReportWaiver | null;
  suppression: ReportSuppression | null;
}

export interface ReportControl {
  id: string;
  /** The id as an OSCAL token (`a.8.24`, `sc-28.1`, `art-32`). */
  oscalId: string;
  title: string;
  status: ControlStatus;
  rules: { id: string; title: string; severity: Severity }[];
  findings: ReportFinding[];
}

export interface ReportScan {
  id: string;
  ref: string | null;
  commit: string | null;
  complete: boolean;
  scannedAt: string;
  /** SHA-256 of each manifest as the service stored it (secrets masked, as everywhere it is shown). */
  manifests: { path: string; sha256: string }[];
}

/** What a report counts; stored with the report so the next one can show the trend. */
export interface ReportSummary {
  controls: Record<ControlStatus, number> & { total: number };
  findings: {
    total: number;
    /** Still to be worked on (open, triaged, in progress, reopened), not suppressed. */
    active: number;
    waived: number;
    suppressed: number;
    fixed: number;
    activeBySeverity: Record<Severity, number>;
  };
}

export interface ReportTrend {
  previousReportId: string;
  previousGeneratedAt: string;
  /** This report's counts minus the previous report's. */
  controls: Record<ControlStatus, number>;
  activeFindings: number;
  fixedFindings: number;
}

export interface ComplianceReport {
  reportFormat: 'vigil-compliance-report/1';
  id: string;
  project: string;
  framework: { key: FrameworkKey; name: string; title: string; version: string; note: string };
  period: { from: string | null; to: string };
  generatedAt: string;
  generatedBy: string;
  vigilVersion: string;
  referenceData: {
    taxonomy: string | null;
    eea: string | null;
    adequacy: string | null;
    /** Partial adequacy decisions (CA, JP) the scanned systems rely on, with the scope they hold for. */
    adequacyScopesReliedOn: { country: string; name: string; scope: string; systems: string[] }[];
  };
  policyBundle: { sha256: string; rules: number };
  scans: ReportScan[];
  summary: ReportSummary;
  trend: ReportTrend | null;
  controls: ReportControl[];
  waivers: ReportWaiver[];
  suppressions: ReportSuppression[];
  deprecatedTaxonomyKeys: { key: string; replacement: string | null; files: string[] }[];
}

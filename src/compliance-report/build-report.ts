import type { RuleMetadata } from '../core/rule-metadata';
import { SEVERITIES, SEVERITY_RANK, type Severity } from '../core/severity';
import type { ManifestSource } from '../manifests/manifest-loader';
import { loadFramework, oscalControlId, rulesByControl } from './frameworks';
import { manifestFacts } from './manifest-facts';
import type {
  ComplianceReport,
  ControlStatus,
  FrameworkKey,
  ReportControl,
  ReportFinding,
  ReportScan,
  ReportSummary,
  ReportSuppression,
  ReportWaiver,
} from './report-model';

/** A finding as the service stores it, before the report attaches its waiver and suppression. */
export interface StoredFinding extends Omit<ReportFinding, 'waiver' | 'suppression'> {
  inlineSuppression: { reason: string; expires?: string } | null;
}

/** Everything a report is made from: plain data the service reads, so building it needs no database. */
export interface ReportInputs {
  id: string;
  project: string;
  framework: FrameworkKey;
  period: { from: string | null; to: string };
  generatedAt: string;
  generatedBy: string;
  vigilVersion: string;
  rules: RuleMetadata[];
  policyBundleSha256: string;
  /** The reference data the latest scan applied. */
  referenceData: { taxonomy?: string; eea?: string; adequacy?: string } | null;
  /** Newest first. */
  scans: ReportScan[];
  findings: StoredFinding[];
  /** Waivers in force on the project's findings. */
  waivers: ReportWaiver[];
  /** The latest scan's stored manifests: what the systems rely on, and deprecated keys. */
  manifests: ManifestSource[];
  previous: { id: string; generatedAt: string; summary: ReportSummary } | null;
}

/** Statuses in which a finding still needs work (as findings/lifecycle has them). */
const ACTIVE = new Set(['open', 'triaged', 'in_progress', 'reopened']);
const WAIVED = new Set(['false_positive', 'risk_accepted']);

export function buildReport(inputs: ReportInputs): ComplianceReport {
  const mapping = loadFramework(inputs.framework);
  const waiverOf = new Map(inputs.waivers.map((waiver) => [waiver.findingId, waiver]));
  const findings = inputs.findings.map((stored) => reportFinding(stored, waiverOf.get(stored.id) ?? null));
  const byRule = new Map<string, ReportFinding[]>();
  for (const finding of findings) {
    const list = byRule.get(finding.ruleId) ?? [];
    list.push(finding);
    byRule.set(finding.ruleId, list);
  }

  const rulesOf = rulesByControl(mapping, inputs.rules);
  const controls: ReportControl[] = mapping.controls.map((control) => {
    const rules = rulesOf.get(control.id)!;
    const controlFindings = rules.flatMap((rule) => byRule.get(rule.id) ?? []).sort(bySeverityThenPlace);
    return {
      id: control.id,
      oscalId: oscalControlId(control.id),
      title: control.title,
      status: controlStatus(rules.length, controlFindings),
      rules: rules.map((rule) => ({ id: rule.id, title: rule.title, severity: rule.severity })),
      findings: controlFindings,
    };
  });
  // Only the findings of rules this framework maps count in the summary.
  const mappedRules = new Set(controls.flatMap((control) => control.rules.map((rule) => rule.id)));
  const counted = findings.filter((finding) => mappedRules.has(finding.ruleId));
  const summary = summarise(controls, counted);
  const facts = manifestFacts(inputs.manifests, new Date(inputs.generatedAt));
  return {
    reportFormat: 'vigil-compliance-report/1',
    id: inputs.id,
    project: inputs.project,
    framework: {
      key: mapping.key,
      name: mapping.name,
      title: mapping.title,
      version: mapping.version,
      note: mapping.note,
    },
    period: inputs.period,
    generatedAt: inputs.generatedAt,
    generatedBy: inputs.generatedBy,
    vigilVersion: inputs.vigilVersion,
    referenceData: {
      taxonomy: inputs.referenceData?.taxonomy ?? null,
      eea: inputs.referenceData?.eea ?? null,
      adequacy: inputs.referenceData?.adequacy ?? null,
      adequacyScopesReliedOn: facts.adequacyScopesReliedOn,
    },
    policyBundle: { sha256: inputs.policyBundleSha256, rules: inputs.rules.length },
    scans: inputs.scans,
    summary,
    trend: inputs.previous ? trendSince(inputs.previous, summary) : null,
    controls,
    waivers: counted.flatMap((finding) => (finding.waiver ? [finding.waiver] : [])),
    suppressions: counted.flatMap((finding) => (finding.suppression ? [finding.suppression] : [])),
    deprecatedTaxonomyKeys: facts.deprecatedTaxonomyKeys,
  };
}

function reportFinding(stored: StoredFinding, waiver: ReportWaiver | null): ReportFinding {
  const { inlineSuppression, ...finding } = stored;
  const suppression: ReportSuppression | null = inlineSuppression
    ? {
        findingId: stored.id,
        ruleId: stored.ruleId,
        resource: `${stored.resourceType} ${stored.resourceId}`,
        file: stored.file,
        line: stored.line,
        reason: inlineSuppression.reason,
        expires: inlineSuppression.expires ?? null,
      }
    : null;
  return { ...finding, waiver: WAIVED.has(stored.status) ? waiver : null, suppression };
}

function isActive(finding: ReportFinding): boolean {
  return ACTIVE.has(finding.status) && !finding.suppression;
}

function controlStatus(rules: number, findings: ReportFinding[]): ControlStatus {
  if (rules === 0) return 'not-assessed';
  return findings.some(isActive) ? 'non-compliant' : 'compliant';
}

function bySeverityThenPlace(a: ReportFinding, b: ReportFinding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    a.file.localeCompare(b.file) ||
    a.line - b.line ||
    a.id.localeCompare(b.id)
  );
}

function summarise(controls: ReportControl[], findings: ReportFinding[]): ReportSummary {
  const count = (status: ControlStatus) => controls.filter((control) => control.status === status).length;
  const activeBySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<
    Severity,
    number
  >;
  for (const finding of findings) if (isActive(finding)) activeBySeverity[finding.severity]++;
  return {
    controls: {
      total: controls.length,
      compliant: count('compliant'),
      'non-compliant': count('non-compliant'),
      'not-assessed': count('not-assessed'),
    },
    findings: {
      total: findings.length,
      active: findings.filter(isActive).length,
      waived: findings.filter((finding) => finding.waiver !== null).length,
      suppressed: findings.filter((finding) => finding.suppression !== null).length,
      fixed: findings.filter((finding) => finding.status === 'fixed').length,
      activeBySeverity,
    },
  };
}

function trendSince(
  previous: NonNullable<ReportInputs['previous']>,
  now: ReportSummary,
): ComplianceReport['trend'] {
  const before = previous.summary;
  return {
    previousReportId: previous.id,
    previousGeneratedAt: previous.generatedAt,
    controls: {
      compliant: now.controls.compliant - before.controls.compliant,
      'non-compliant': now.controls['non-compliant'] - before.controls['non-compliant'],
      'not-assessed': now.controls['not-assessed'] - before.controls['not-assessed'],
    },
    activeFindings: now.findings.active - before.findings.active,
    fixedFindings: now.findings.fixed - before.findings.fixed,
  };
}

import type { InputProblem } from '../core/input-error';
import type { RuleMetadata } from '../core/rule-metadata';
import type { Finding } from '../core/finding';
import type { ScanReport } from '../core/scan-report';
import { sortFindings } from './finding-text';
import type { FailOn } from '../core/severity';
import type { RenderOptions } from './render-options';
import { summarise, type ScanSummary } from './summary';

/**
 * The `--format json` document. Its keys, and the keys of each finding, always come in this order;
 * findings are sorted worst first, then by file, line and column. Optional finding fields
 * (`witnessPath`, `fix`, `suppression`, `baselineState`) are left out when they do not apply.
 */
export interface JsonReport {
  tool: ScanReport['tool'];
  summary: ScanSummary & { failOn: FailOn; verdict: 'pass' | 'fail' };
  /** Every finding, suppressed ones included (they carry `suppression`). */
  findings: Finding[];
  /** Baseline findings that no longer occur (empty without a baseline). */
  absent: Finding[];
  warnings: InputProblem[];
  /** The versions of the dated reference data the scan applied. */
  referenceData: ScanReport['referenceData'];
  /** The rules that ran, in catalogue order. */
  rules: RuleMetadata[];
}

export function renderJson(report: ScanReport, options: RenderOptions): string {
  const summary = summarise(report, options.failOn);
  const document: JsonReport = {
    tool: { name: report.tool.name, version: report.tool.version },
    summary: {
      failOn: options.failOn,
      verdict: summary.failing > 0 ? 'fail' : 'pass',
      ...summary,
    },
    findings: sortFindings(report.findings).map(jsonFinding),
    absent: sortFindings(report.absent).map(jsonFinding),
    warnings: report.warnings.map(({ file, line, column, message }) => ({ file, line, column, message })),
    referenceData: {
      taxonomy: report.referenceData.taxonomy,
      eea: report.referenceData.eea,
      adequacy: report.referenceData.adequacy,
    },
    rules: report.rules.map((rule) => ({
      id: rule.id,
      title: rule.title,
      module: rule.module,
      severity: rule.severity,
      description: rule.description,
      remediation: rule.remediation,
      references: rule.references,
    })),
  };
  return JSON.stringify(document, null, 2) + '\n';
}

/** Fixes the key order whatever order the scanner built the object in. */
function jsonFinding(finding: Finding): Finding {
  return {
    ruleId: finding.ruleId,
    title: finding.title,
    module: finding.module,
    severity: finding.severity,
    manifest: finding.manifest,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    pointer: finding.pointer,
    resource: { type: finding.resource.type, id: finding.resource.id },
    message: finding.message,
    evidence: finding.evidence,
    references: finding.references,
    remediation: finding.remediation,
    witnessPath: finding.witnessPath,
    fix: finding.fix,
    fingerprint: finding.fingerprint,
    suppression: finding.suppression,
    baselineState: finding.baselineState,
  };
}

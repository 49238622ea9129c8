import type { InputProblem } from '../core/input-error';
import type { RuleMetadata } from '../core/rule-metadata';
import type { Finding, NotEvaluated } from '../core/finding';
import { NotEvaluatedCounter } from './not-evaluated-counts';
import type { ScanReport } from '../core/scan-report';
import { findingsByFile, SEVERITY_BUCKETS, severityBucket, sortFindings } from './finding-text';
import type { FailOn } from '../core/severity';
import { jsonItems, writeJsonDocument } from './json-skeleton';
import type { OutputSink } from './output-sink';
import type { RenderOptions } from './render-options';
import {
  renderWhole,
  type ReportEnd,
  type ReportHeader,
  type ReportPart,
  type ReportWriter,
} from './report-writer';
import { SortedSections } from './sorted-sections';
import type { ScanSummary } from './summary';

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

/** Items sit at this depth of the document: the findings and warnings arrays of the root. */
const ITEM_INDENT = '    ';
const WARNINGS = 0;
const NOT_EVALUATED = 1;
/** The items of `notEvaluated.items`, one level deeper than findings. */
const NOT_EVALUATED_INDENT = '      ';

function groupByFile(entries: readonly NotEvaluated[]): Map<string, NotEvaluated[]> {
  const byFile = new Map<string, NotEvaluated[]>();
  for (const entry of entries) {
    const list = byFile.get(entry.file);
    if (list) list.push(entry);
    else byFile.set(entry.file, [entry]);
  }
  return byFile;
}

function jsonNotEvaluated(entry: NotEvaluated): NotEvaluated {
  return {
    ruleId: entry.ruleId,
    title: entry.title,
    severity: entry.severity,
    manifest: entry.manifest,
    file: entry.file,
    line: entry.line,
    column: entry.column,
    resource: { type: entry.resource.type, id: entry.resource.id },
    reason: entry.reason,
  };
}

export class JsonWriter implements ReportWriter {
  private readonly findings = new SortedSections(',\n');
  private readonly warnings = new SortedSections(',\n');
  private readonly notEvaluated = new SortedSections(',\n');
  private readonly notEvaluatedCounts = new NotEvaluatedCounter();

  constructor(
    private readonly header: ReportHeader,
    private readonly options: RenderOptions,
  ) {}

  add(part: ReportPart): void {
    for (const [file, findings] of findingsByFile(part.findings)) {
      for (const bucket of SEVERITY_BUCKETS) {
        const items = findings.filter((finding) => severityBucket(finding) === bucket);
        this.findings.add(
          bucket,
          file,
          jsonItems(items.map(jsonFinding), ITEM_INDENT),
        );
      }
    }
    this.notEvaluatedCounts.add(part.notEvaluated);
    for (const [file, entries] of groupByFile(part.notEvaluated ?? [])) {
      this.notEvaluated.add(NOT_EVALUATED, file, jsonItems(entries.map(jsonNotEvaluated), NOT_EVALUATED_INDENT));
    }
    this.warnings.add(
      WARNINGS,
      '',
      jsonItems(
        part.warnings.map(({ file, line, column, message }) => ({ file, line, column, message })),
        ITEM_INDENT,
      ),
    );
  }

  finish(end: ReportEnd, sink: OutputSink): void {
    const { header, options } = this;
    const notEvaluated = this.notEvaluatedCounts.summary();
    const findingCount = SEVERITY_BUCKETS.reduce((sum, bucket) => sum + this.findings.count(bucket), 0);
    writeJsonDocument(
      sink,
      (hole) => ({
        tool: { name: header.tool.name, version: header.tool.version },
        summary: {
          failOn: options.failOn,
          verdict: end.summary.failing > 0 ? 'fail' : 'pass',
          ...end.summary,
        },
        findings: hole('findings', findingCount),
        absent: sortFindings(end.absent).map(jsonFinding),
        warnings: hole('warnings', this.warnings.count(WARNINGS)),
        // Only imported estates have resources a rule cannot judge; native reports keep their shape.
        ...(notEvaluated.total > 0
          ? { notEvaluated: { total: notEvaluated.total, byRule: notEvaluated.byRule, items: hole('notEvaluated', notEvaluated.total) } }
          : {}),
        referenceData: {
          taxonomy: header.referenceData.taxonomy,
          eea: header.referenceData.eea,
          adequacy: header.referenceData.adequacy,
        },
        rules: header.rules.map((rule) => ({
          id: rule.id,
          title: rule.title,
          module: rule.module,
          severity: rule.severity,
          description: rule.description,
          remediation: rule.remediation,
          references: rule.references,
        })),
      }),
      {
        findings: (out) => this.findings.writeTo(out, SEVERITY_BUCKETS),
        warnings: (out) => this.warnings.writeTo(out, [WARNINGS]),
        notEvaluated: (out) => this.notEvaluated.writeTo(out, [NOT_EVALUATED]),
      },
    );
  }

  dispose(): void {
    this.findings.dispose();
    this.warnings.dispose();
    this.notEvaluated.dispose();
  }
}

export function renderJson(report: ScanReport, options: RenderOptions): string {
  return renderWhole(report, options, (header, opts) => new JsonWriter(header, opts));
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

import picocolors from 'picocolors';
import { SEVERITIES, type Severity, isSuppressed } from '../core/severity';
import { formatProblem } from '../core/input-error';
import type { Finding } from '../core/finding';
import type { ScanReport } from '../core/scan-report';
import {
  describeSuppression,
  escapeControlCharacters,
  formatLocation,
  formatResource,
  findingsByFile,
  formatWitnessPath,
  SEVERITY_BUCKETS,
  severityBucket,
  sortFindings,
} from './finding-text';
import type { OutputSink } from './output-sink';
import type { RenderOptions } from './render-options';
import {
  renderWhole,
  type ReportEnd,
  type ReportHeader,
  type ReportPart,
  type ReportWriter,
} from './report-writer';
import { NotEvaluatedCounter } from './not-evaluated-counts';
import { SortedSections } from './sorted-sections';

type Colors = ReturnType<typeof picocolors.createColors>;

const SEVERITY_WIDTH = Math.max(...SEVERITIES.map((severity) => severity.length));

const SUPPRESSED = 4;
const WARNINGS = 0;

/**
 * Readable terminal output: findings worst first, then what was set aside, then the summary.
 * Findings and warnings are spooled until the summary is known.
 */
export class TableWriter implements ReportWriter {
  private readonly c: Colors;
  /** Buckets 0-3: active findings by severity; 4-7: suppressed ones. */
  private readonly findings = new SortedSections('\n\n');
  private readonly suppressed = new SortedSections('\n');
  private readonly warnings = new SortedSections('\n');
  private readonly notEvaluated = new NotEvaluatedCounter();

  constructor(
    private readonly header: ReportHeader,
    private readonly options: RenderOptions,
  ) {
    this.c = picocolors.createColors(options.color);
  }

  add(part: ReportPart): void {
    const { c } = this;
    this.notEvaluated.add(part.notEvaluated);
    for (const [file, findings] of findingsByFile(part.findings)) {
      for (const bucket of SEVERITY_BUCKETS) {
        const ofSeverity = findings.filter((finding) => severityBucket(finding) === bucket);
        this.findings.add(
          bucket,
          file,
          ofSeverity.filter((finding) => !isSuppressed(finding)).map((finding) => findingBlock(finding, c)),
        );
        this.suppressed.add(
          SUPPRESSED + bucket,
          file,
          ofSeverity
            .filter(isSuppressed)
            .map(
              (finding) =>
                `  ${findingHeadline(finding, c)}  ${c.dim(formatLocation(finding))}\n` +
                indent(text(describeSuppression(finding) ?? ''), '    '),
            ),
        );
      }
    }
    this.warnings.add(
      WARNINGS,
      '',
      part.warnings.map((warning) => `  ${text(formatProblem(warning))}`),
    );
  }

  finish(end: ReportEnd, sink: OutputSink): void {
    const { c, header, options } = this;
    const { summary } = end;
    const active = SEVERITY_BUCKETS.reduce((sum, bucket) => sum + this.findings.count(bucket), 0);
    const suppressed = SEVERITY_BUCKETS.reduce(
      (sum, bucket) => sum + this.suppressed.count(SUPPRESSED + bucket),
      0,
    );
    let sections = 0;
    const section = (write: () => void) => {
      if (sections++ > 0) sink.write('\n\n');
      write();
    };

    if (active + suppressed === 0) {
      section(() =>
        sink.write(
          c.green(
            `No findings: ${header.rules.length} ${plural(header.rules.length, 'rule')} checked ` +
              `${end.files} ${plural(end.files, 'file')}.`,
          ),
        ),
      );
    } else if (active > 0) {
      section(() => this.findings.writeTo(sink, SEVERITY_BUCKETS));
    } else {
      section(() => sink.write(c.green('No findings other than suppressed ones.')));
    }

    if (suppressed > 0) {
      section(() => {
        sink.write(`${c.bold(`Suppressed (${suppressed})`)}\n`);
        this.suppressed.writeTo(
          sink,
          SEVERITY_BUCKETS.map((bucket) => SUPPRESSED + bucket),
        );
      });
    }

    if (end.absent.length > 0) {
      section(() =>
        sink.write(
          [
            c.bold(`Gone since the baseline (${end.absent.length})`),
            ...sortFindings(end.absent).map(
              (finding) => `  ${findingHeadline(finding, c)}  ${c.dim(formatLocation(finding))}`,
            ),
          ].join('\n'),
        ),
      );
    }

    const notEvaluated = this.notEvaluated.summary();
    if (notEvaluated.total > 0) {
      section(() =>
        sink.write(
          [
            c.bold(`Not evaluated (${notEvaluated.total}): the sources cannot state what these rules need`),
            ...notEvaluated.byRule.map(
              (rule) => `  ${rule.ruleId}  ${rule.count} ${plural(rule.count, 'resource')}, e.g. ${text(rule.example)}`,
            ),
          ].join('\n'),
        ),
      );
    }

    const warningCount = this.warnings.count(WARNINGS);
    if (warningCount > 0) {
      section(() => {
        sink.write(`${c.bold(c.yellow(`Warnings (${warningCount})`))}\n`);
        this.warnings.writeTo(sink, [WARNINGS]);
      });
    }

    const counts = SEVERITIES.map((severity) => `${summary.bySeverity[severity]} ${severity}`).join(', ');
    const extras = [`${summary.suppressed} suppressed`];
    if (summary.baseline) {
      const { new: added, unchanged, absent } = summary.baseline;
      extras.push(`baseline: ${added} new, ${unchanged} unchanged, ${absent} gone`);
    }
    const summaryLines = [`${c.bold('Summary:')} ${counts}; ${extras.join('; ')}`];
    if (options.failOn === 'none') {
      summaryLines.push(c.dim('Threshold: none (the scan never fails)'));
    } else if (summary.failing > 0) {
      summaryLines.push(
        c.bold(
          c.red(
            `FAIL: ${summary.failing} ${plural(summary.failing, 'finding')} at or above ${options.failOn}`,
          ),
        ),
      );
    } else {
      summaryLines.push(c.bold(c.green(`PASS: no finding at or above ${options.failOn}`)));
    }
    section(() => sink.write(summaryLines.join('\n')));
    sink.write('\n');
  }

  dispose(): void {
    this.findings.dispose();
    this.suppressed.dispose();
    this.warnings.dispose();
  }
}

export function renderTable(report: ScanReport, options: RenderOptions): string {
  return renderWhole(report, options, (header, opts) => new TableWriter(header, opts));
}

function findingBlock(finding: Finding, c: Colors): string {
  const lines = [`${findingHeadline(finding, c)}  ${c.cyan(formatLocation(finding))}`];
  if (finding.baselineState === 'unchanged') lines[0] += `  ${c.dim('(unchanged since the baseline)')}`;
  lines.push(indent(text(finding.message), '  '));
  const witnessPath = formatWitnessPath(finding.witnessPath);
  if (witnessPath) lines.push(labelled('path:', witnessPath, c));
  lines.push(labelled('remediation:', finding.remediation, c));
  if (finding.fix)
    lines.push(labelled('auto-fix:', `${finding.fix.description} (JSON Patch in the json/sarif output)`, c));
  return lines.join('\n');
}

/** `  label: value`, with the value's further lines aligned under its first. */
function labelled(label: string, value: string, c: Colors): string {
  const [first, ...rest] = text(value).split('\n');
  const hanging = ' '.repeat(2 + label.length + 1);
  return [`  ${c.dim(label)} ${first}`, ...rest.map((line) => hanging + line)].join('\n');
}

function findingHeadline(finding: Finding, c: Colors): string {
  const severity = paintSeverity(finding.severity, finding.severity.toUpperCase().padEnd(SEVERITY_WIDTH), c);
  return `${severity}  ${c.bold(finding.ruleId)}  ${text(formatResource(finding.resource))}`;
}

function paintSeverity(severity: Severity, label: string, c: Colors): string {
  switch (severity) {
    case 'critical':
      return c.bold(c.red(label));
    case 'high':
      return c.red(label);
    case 'medium':
      return c.yellow(label);
    case 'low':
      return c.blue(label);
  }
}

/** Values from manifests go through here before they reach the terminal. */
function text(value: string): string {
  return escapeControlCharacters(value);
}

function indent(value: string, prefix: string): string {
  return value
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

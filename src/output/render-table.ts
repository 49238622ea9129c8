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
  formatWitnessPath,
  sortFindings,
} from './finding-text';
import type { RenderOptions } from './render-options';
import { summarise } from './summary';

type Colors = ReturnType<typeof picocolors.createColors>;

const SEVERITY_WIDTH = Math.max(...SEVERITIES.map((severity) => severity.length));

/** Readable terminal output: findings worst first, then what was set aside, then the summary. */
export function renderTable(report: ScanReport, options: RenderOptions): string {
  const c = picocolors.createColors(options.color);
  const summary = summarise(report, options.failOn);
  const active = sortFindings(report.findings.filter((finding) => !isSuppressed(finding)));
  const suppressed = sortFindings(report.findings.filter(isSuppressed));
  const sections: string[] = [];

  if (report.findings.length === 0) {
    sections.push(
      c.green(
        `No findings: ${report.rules.length} ${plural(report.rules.length, 'rule')} checked ` +
          `${report.files.length} ${plural(report.files.length, 'file')}.`,
      ),
    );
  } else if (active.length > 0) {
    sections.push(active.map((finding) => findingBlock(finding, c)).join('\n\n'));
  } else {
    sections.push(c.green('No findings other than suppressed ones.'));
  }

  if (suppressed.length > 0) {
    sections.push(
      [
        c.bold(`Suppressed (${suppressed.length})`),
        ...suppressed.map(
          (finding) =>
            `  ${findingHeadline(finding, c)}  ${c.dim(formatLocation(finding))}\n` +
            indent(text(describeSuppression(finding) ?? ''), '    '),
        ),
      ].join('\n'),
    );
  }

  if (report.absent.length > 0) {
    sections.push(
      [
        c.bold(`Gone since the baseline (${report.absent.length})`),
        ...sortFindings(report.absent).map(
          (finding) => `  ${findingHeadline(finding, c)}  ${c.dim(formatLocation(finding))}`,
        ),
      ].join('\n'),
    );
  }

  if (report.warnings.length > 0) {
    sections.push(
      [
        c.bold(c.yellow(`Warnings (${report.warnings.length})`)),
        ...report.warnings.map((warning) => `  ${text(formatProblem(warning))}`),
      ].join('\n'),
    );
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
        c.red(`FAIL: ${summary.failing} ${plural(summary.failing, 'finding')} at or above ${options.failOn}`),
      ),
    );
  } else {
    summaryLines.push(c.bold(c.green(`PASS: no finding at or above ${options.failOn}`)));
  }
  sections.push(summaryLines.join('\n'));

  return sections.join('\n\n') + '\n';
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

import { SEVERITIES, failsAt } from '../core/severity';
import type { Finding } from '../core/finding';
import type { ScanReport } from '../core/scan-report';
import { formatProblem } from '../core/input-error';
import {
  describeSuppression,
  formatLocation,
  formatReference,
  formatResource,
  formatWitnessPath,
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

/** Keeps a pull-request comment well under the forge's size limit (GitHub: 65,536 characters). */
export const MARKDOWN_MAX_FINDINGS = 100;

const WARNINGS = 0;

/**
 * A pull-request comment: verdict, counts, the findings table, then one `<details>` per finding.
 * Only the first MARKDOWN_MAX_FINDINGS findings are shown, so only they are kept; the warnings
 * are all listed, so they are spooled.
 */
export class MarkdownWriter implements ReportWriter {
  private shown: Finding[] = [];
  private findingCount = 0;
  private readonly warnings = new SortedSections('\n');
  private readonly notEvaluated = new NotEvaluatedCounter();

  constructor(
    private readonly header: ReportHeader,
    private readonly options: RenderOptions,
  ) {}

  add(part: ReportPart): void {
    this.notEvaluated.add(part.notEvaluated);
    this.findingCount += part.findings.length;
    if (part.findings.length > 0) {
      this.shown = sortFindings([...this.shown, ...part.findings]).slice(0, MARKDOWN_MAX_FINDINGS);
    }
    this.warnings.add(
      WARNINGS,
      '',
      part.warnings.map((warning) => `- ${inline(formatProblem(warning))}`),
    );
  }

  finish(end: ReportEnd, sink: OutputSink): void {
    const { header, options, shown } = this;
    const { summary } = end;
    const hidden = this.findingCount - shown.length;
    const out: string[] = [];

    if (options.failOn === 'none') {
      out.push(`## Vigil: ${summary.total} ${plural(summary.total, 'finding')} (no failure threshold)`);
    } else if (summary.failing > 0) {
      out.push(
        `## ❌ Vigil: failed — ${summary.failing} ${plural(summary.failing, 'finding')} at or above ${options.failOn}`,
      );
    } else {
      out.push(`## ✅ Vigil: passed — no finding at or above ${options.failOn}`);
    }

    out.push('', '| Severity | Findings |', '| --- | ---: |');
    for (const severity of SEVERITIES)
      out.push(`| ${capitalise(severity)} | ${summary.bySeverity[severity]} |`);
    out.push(`| Suppressed | ${summary.suppressed} |`);
    if (summary.baseline) {
      out.push(
        `| New since the baseline | ${summary.baseline.new} |`,
        `| Unchanged since the baseline | ${summary.baseline.unchanged} |`,
        `| Gone since the baseline | ${summary.baseline.absent} |`,
      );
    }

    if (this.findingCount === 0) {
      out.push(
        '',
        `No findings: ${header.rules.length} ${plural(header.rules.length, 'rule')} checked ` +
          `${end.files} ${plural(end.files, 'file')}.`,
      );
    } else {
      out.push(
        '',
        '### Findings',
        '',
        '| Severity | Rule | Resource | Location | Message |',
        '| --- | --- | --- | --- | --- |',
      );
      for (const finding of shown) {
        out.push(
          `| ${severityCell(finding, options)} | ${cell(finding.ruleId)} | ${cell(formatResource(finding.resource))} ` +
            `| ${cell(formatLocation(finding))} | ${cell(finding.message)} |`,
        );
      }
      if (hidden > 0)
        out.push('', `… and ${hidden} more (see the full report in another format, e.g. SARIF).`);
      out.push('', ...shown.flatMap(details));
    }

    const notEvaluated = this.notEvaluated.summary();
    if (notEvaluated.total > 0) {
      out.push(
        '',
        `### Not evaluated (${notEvaluated.total}): the sources cannot state what these rules need`,
        '',
      );
      out.push('| Rule | Resources | Example |', '| --- | ---: | --- |');
      for (const rule of notEvaluated.byRule)
        out.push(`| ${cell(rule.ruleId)} | ${rule.count} | ${cell(rule.example)} |`);
    }

    const warningCount = this.warnings.count(WARNINGS);
    if (warningCount > 0) {
      out.push('', `### Warnings (${warningCount})`, '');
      sink.write(out.join('\n') + '\n');
      this.warnings.writeTo(sink, [WARNINGS]);
      sink.write('\n');
      out.length = 0;
    }

    out.push(
      '',
      `<sub>Vigil ${inline(header.tool.version)}; reference data: taxonomy ${inline(header.referenceData.taxonomy)}, ` +
        `EEA ${inline(header.referenceData.eea)}, adequacy ${inline(header.referenceData.adequacy)}.</sub>`,
    );
    sink.write(out.join('\n') + '\n');
  }

  dispose(): void {
    this.warnings.dispose();
  }
}

export function renderMarkdown(report: ScanReport, options: RenderOptions): string {
  return renderWhole(report, options, (header, opts) => new MarkdownWriter(header, opts));
}

function severityCell(finding: Finding, options: RenderOptions): string {
  const notes: string[] = [];
  if (finding.suppression) notes.push('suppressed');
  if (finding.baselineState === 'unchanged') notes.push('in baseline');
  const label = failsAt(finding, options.failOn)
    ? `**${capitalise(finding.severity)}**`
    : capitalise(finding.severity);
  return notes.length > 0 ? `${label} (${notes.join(', ')})` : label;
}

function details(finding: Finding): string[] {
  const lines = [
    '<details>',
    `<summary>${inline(finding.ruleId)} · ${inline(formatResource(finding.resource))} · ` +
      `${inline(formatLocation(finding))}</summary>`,
    '',
    inline(finding.message),
    '',
    `**Remediation:** ${multiline(finding.remediation)}`,
  ];
  const witnessPath = formatWitnessPath(finding.witnessPath);
  if (witnessPath) lines.push('', `**Witness path:** ${codeSpan(witnessPath)}`);
  const suppression = describeSuppression(finding);
  if (suppression) lines.push('', `**${capitalise(inline(suppression))}**`);
  if (finding.references.length > 0) {
    lines.push(
      '',
      `**References:** ${finding.references.map((reference) => inline(formatReference(reference))).join('; ')}`,
    );
  }
  if (finding.fix) {
    lines.push(
      '',
      `**Fix (JSON Patch):** ${inline(finding.fix.description)}`,
      '',
      ...codeBlock(JSON.stringify(finding.fix.patch, null, 2), 'json'),
    );
  }
  lines.push('', '</details>', '');
  return lines;
}

// Everything below escapes text that came from a manifest (or a custom policy) before it lands in
// Markdown, so a value cannot break the table, open HTML, or hide content.

/** A table cell: one line, pipes escaped (a backslash of its own would otherwise eat the escape). */
function cell(value: string): string {
  return inline(value).replace(/\\/g, '&#92;').replace(/\|/g, '\\|');
}

/** Text on one line with HTML neutralised: newlines become `<br>`. */
function inline(value: string): string {
  return multiline(value).replace(/\n/g, '<br>');
}

function multiline(value: string): string {
  return withoutControlCharacters(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function withoutControlCharacters(value: string): string {
  return (
    value
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
      .replace(/\r\n?/g, '\n')
  );
}

/** Inline code (where HTML is inert) whose fence is longer than any run of backticks inside it. */
function codeSpan(value: string): string {
  const text = withoutControlCharacters(value).replace(/\n/g, ' ');
  const fence = '`'.repeat(longestRun(text, '`') + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function codeBlock(value: string, language: string): string[] {
  const fence = '`'.repeat(Math.max(3, longestRun(value, '`') + 1));
  return [`${fence}${language}`, value, fence];
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

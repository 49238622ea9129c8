import { SEVERITY_RANK } from '../core/severity';
import { type RuleMetadata } from '../core/rule-metadata';
import type { Check, Finding } from '../core/finding';
import type { ScanReport } from '../core/scan-report';
import {
  describeSuppression,
  formatLocation,
  formatWitnessPath,
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
import { SortedSections } from './sorted-sections';

type Outcome =
  { kind: 'passed' } | { kind: 'failure'; findings: Finding[] } | { kind: 'skipped'; message: string };

interface TestCase {
  classname: string;
  name: string;
  file: string;
  outcome: Outcome;
}

interface TestSuite {
  rule: Pick<RuleMetadata, 'id' | 'title' | 'module' | 'severity'>;
  /** Its cases sit in buckets 2 × index (one per check) and 2 × index + 1 (findings of no check). */
  index: number;
  tests: number;
  failures: number;
  skipped: number;
}

/**
 * JUnit XML: a suite per rule, a test case per rule and resource checked (the scan's checks, or
 * one per finding when the scan did not record its checks). Every unsuppressed finding that is
 * not already in the baseline is a failure, whatever `--fail-on` says: the threshold decides
 * the exit code, not whether a check passed. Suppressed and baseline-unchanged findings are skipped.
 *
 * The suites' counts are attributes that come before their cases, so the cases are spooled and
 * only the counts kept. A check's findings are those of its file (a check names a manifest, and
 * two files may hold manifests of the same name).
 */
export class JunitWriter implements ReportWriter {
  private readonly suites = new Map<string, TestSuite>();
  private readonly cases = new SortedSections('\n');
  /** The rendered cases of the part being added, by bucket and key. */
  private readonly pending = new Map<number, Map<string, string[]>>();

  constructor(header: ReportHeader) {
    for (const rule of header.rules) this.suiteFor(rule.id).rule = rule;
  }

  add(part: ReportPart): void {
    this.addCases(part);
    // One spool range per bucket and key of the part, not one per case.
    for (const [bucket, byKey] of this.pending) {
      for (const [key, cases] of byKey) this.cases.add(bucket, key, cases);
    }
    this.pending.clear();
  }

  private addCases(part: ReportPart): void {
    const findings = sortFindings(part.findings);
    if (part.checks) {
      const byCheck = new Map<string, Finding[]>();
      for (const finding of findings) {
        const key = checkKey(finding);
        const list = byCheck.get(key);
        if (list) list.push(finding);
        else byCheck.set(key, [finding]);
      }
      for (const check of part.checks) {
        const suite = this.suiteFor(check.ruleId);
        const key = checkKey(check);
        const findings = byCheck.get(key) ?? [];
        const found = testCase(suite, check, findings);
        if (check.notEvaluated !== undefined && findings.length === 0)
          found.outcome = { kind: 'skipped', message: `Not evaluated: ${check.notEvaluated}` };
        this.addCase(suite, 2 * suite.index, '', found);
        byCheck.delete(key);
      }
      // Findings whose check was not recorded still get a test case rather than vanish.
      for (const leftOver of byCheck.values()) {
        const suite = this.suiteFor(leftOver[0].ruleId, leftOver[0]);
        this.addCase(
          suite,
          2 * suite.index + 1,
          findingOrder(leftOver[0]),
          testCase(suite, leftOver[0], leftOver),
        );
      }
    } else {
      for (const finding of findings) {
        const suite = this.suiteFor(finding.ruleId, finding);
        this.addCase(suite, 2 * suite.index, findingOrder(finding), testCase(suite, finding, [finding]));
      }
    }
  }

  finish(_end: ReportEnd, sink: OutputSink): void {
    const suites = [...this.suites.values()];
    const totals = suites.reduce(
      (sum, suite) => ({
        tests: sum.tests + suite.tests,
        failures: sum.failures + suite.failures,
        skipped: sum.skipped + suite.skipped,
      }),
      { tests: 0, failures: 0, skipped: 0 },
    );
    sink.write(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites${attributes({ name: 'Vigil', tests: totals.tests, failures: totals.failures, errors: 0, skipped: totals.skipped })}>`,
      ].join('\n'),
    );
    for (const suite of suites) {
      sink.write(
        '\n' +
          [
            `  <testsuite${attributes({
              name: suite.rule.id,
              tests: suite.tests,
              failures: suite.failures,
              errors: 0,
              skipped: suite.skipped,
            })}>`,
            '    <properties>',
            `      <property${attributes({ name: 'title', value: suite.rule.title })}/>`,
            `      <property${attributes({ name: 'module', value: suite.rule.module })}/>`,
            `      <property${attributes({ name: 'severity', value: suite.rule.severity })}/>`,
            '    </properties>',
          ].join('\n'),
      );
      if (suite.tests > 0) {
        sink.write('\n');
        this.cases.writeTo(sink, [2 * suite.index, 2 * suite.index + 1]);
      }
      sink.write('\n  </testsuite>');
    }
    sink.write('\n</testsuites>\n');
  }

  dispose(): void {
    this.cases.dispose();
  }

  private suiteFor(ruleId: string, finding?: Finding): TestSuite {
    let suite = this.suites.get(ruleId);
    if (!suite) {
      // A rule that is not in the catalogue of this run: describe it from its finding.
      const rule = finding
        ? { id: ruleId, title: finding.title, module: finding.module, severity: finding.severity }
        : { id: ruleId, title: ruleId, module: 'unknown', severity: 'low' as const };
      suite = { rule, index: this.suites.size, tests: 0, failures: 0, skipped: 0 };
      this.suites.set(ruleId, suite);
    }
    return suite;
  }

  private addCase(suite: TestSuite, bucket: number, key: string, testCase: TestCase): void {
    suite.tests++;
    if (testCase.outcome.kind === 'failure') suite.failures++;
    if (testCase.outcome.kind === 'skipped') suite.skipped++;
    let byKey = this.pending.get(bucket);
    if (!byKey) this.pending.set(bucket, (byKey = new Map()));
    const cases = byKey.get(key);
    const text = renderCase(testCase).join('\n');
    if (cases) cases.push(text);
    else byKey.set(key, [text]);
  }
}

export function renderJunit(report: ScanReport, options: RenderOptions): string {
  return renderWhole(report, options, (header) => new JunitWriter(header));
}

/** Cases of findings come in the findings' order: worst first, then by file (then within it). */
function findingOrder(finding: Finding): string {
  return `${severityBucket(finding)}\u0000${finding.file}`;
}

function checkKey(check: Pick<Check, 'ruleId' | 'manifest' | 'file' | 'resource'>): string {
  return JSON.stringify([check.file, check.ruleId, check.manifest, check.resource.type, check.resource.id]);
}

function testCase(suite: TestSuite, check: Check, findings: Finding[]): TestCase {
  return {
    classname: `vigil.${suite.rule.module}.${suite.rule.id}`,
    name: `${check.manifest}/${check.resource.type}/${check.resource.id}`,
    file: check.file,
    outcome: outcomeOf(findings),
  };
}

function outcomeOf(findings: Finding[]): Outcome {
  const failing = findings.filter((finding) => !finding.suppression && finding.baselineState !== 'unchanged');
  if (failing.length > 0) return { kind: 'failure', findings: failing };
  if (findings.length === 0) return { kind: 'passed' };
  const [first] = findings;
  const message = first.suppression
    ? `${capitalise(describeSuppression(first) ?? '')}`
    : `Unchanged since the baseline: ${first.message}`;
  return { kind: 'skipped', message };
}

function renderCase(testCase: TestCase): string[] {
  const open = `    <testcase${attributes({ classname: testCase.classname, name: testCase.name, file: testCase.file })}`;
  const { outcome } = testCase;
  switch (outcome.kind) {
    case 'passed':
      return [`${open}/>`];
    case 'skipped':
      return [`${open}>`, `      <skipped${attributes({ message: outcome.message })}/>`, '    </testcase>'];
    case 'failure': {
      const worst = outcome.findings.reduce((a, b) =>
        SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a,
      );
      const message =
        outcome.findings.length === 1
          ? worst.message
          : `${outcome.findings.length} findings; worst: ${worst.message}`;
      const details = outcome.findings.map(failureDetails).join('\n\n');
      return [
        `${open}>`,
        `      <failure${attributes({ message, type: worst.severity })}>${xmlText(details)}</failure>`,
        '    </testcase>',
      ];
    }
  }
}

function failureDetails(finding: Finding): string {
  const lines = [
    `${finding.severity.toUpperCase()} ${finding.ruleId} at ${formatLocation(finding)}`,
    finding.message,
  ];
  const witnessPath = formatWitnessPath(finding.witnessPath);
  if (witnessPath) lines.push(`Path: ${witnessPath}`);
  lines.push(`Remediation: ${finding.remediation}`);
  if (finding.baselineState === 'new') lines.push('New since the baseline.');
  return lines.join('\n');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Characters XML 1.0 cannot carry at all, not even as references: dropped. */
const ILLEGAL_IN_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(value: string): string {
  return value
    .replace(ILLEGAL_IN_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/** Line breaks and tabs as references, or a parser would fold them into spaces. */
export function xmlAttribute(value: string): string {
  return xmlText(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${xmlAttribute(String(value))}"`)
    .join('');
}

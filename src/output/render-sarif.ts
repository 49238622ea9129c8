import type * as Sarif from 'sarif';
import type { RuleMetadata } from '../core/rule-metadata';
import type { Severity } from '../core/severity';
import type { Finding } from '../core/finding';
import type { ScanReport } from '../core/scan-report';
import { formatProblem } from '../core/input-error';
import { formatReference, formatWitnessPath, sortFindings } from './finding-text';
import type { RenderOptions } from './render-options';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Where `tool.driver.informationUri` points; change it here when the project's home moves. */
export const VIGIL_INFORMATION_URI = 'https://github.com/vigil-compliance/vigil';

/** Partial fingerprint key: bump the version if the fingerprint's recipe ever changes. */
export const FINGERPRINT_KEY = 'vigilFingerprint/v1';

const LEVEL: Record<Severity, Sarif.Result.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

/** GitHub code scanning reads this CVSS-like score to show critical/high/medium/low. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
};

/** SARIF 2.1.0, one run; absent baseline findings are results with `baselineState: absent`. */
export function renderSarif(report: ScanReport, _options: RenderOptions): string {
  const rules = ruleCatalogue(report);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));

  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Vigil',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: VIGIL_INFORMATION_URI,
            rules: rules.map(sarifRule),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.warnings.map((warning) => ({
              level: 'warning',
              message: { text: formatProblem(warning) },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: fileUri(warning.file) },
                    ...(warning.line >= 1 ? { region: region(warning.line, warning.column) } : {}),
                  },
                },
              ],
            })),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: [
          ...sortFindings(report.findings).map((finding) => sarifResult(finding, ruleIndex)),
          ...sortFindings(report.absent).map((finding) =>
            sarifResult({ ...finding, baselineState: 'absent' }, ruleIndex),
          ),
        ],
        properties: { referenceData: report.referenceData },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/**
 * The rules that ran, plus any rule a finding names that is not among them (a baseline's absent
 * finding of a rule since skipped), so that every result's `ruleIndex` points somewhere.
 */
function ruleCatalogue(report: ScanReport): RuleMetadata[] {
  const rules = [...report.rules];
  const known = new Set(rules.map((rule) => rule.id));
  for (const finding of [...report.findings, ...report.absent]) {
    if (known.has(finding.ruleId)) continue;
    known.add(finding.ruleId);
    rules.push({
      id: finding.ruleId,
      title: finding.title,
      module: finding.module,
      severity: finding.severity,
      description: finding.title,
      remediation: finding.remediation,
      references: finding.references,
    });
  }
  return rules;
}

function sarifRule(rule: RuleMetadata): Sarif.ReportingDescriptor {
  const references = rule.references.map(formatReference);
  const frameworks = [...new Set(rule.references.map((reference) => reference.framework))];
  const referenceText = references.length > 0 ? `\n\nReferences: ${references.join('; ')}` : '';
  const referenceMarkdown =
    references.length > 0 ? `\n\n**References**\n\n${references.map((ref) => `- ${ref}`).join('\n')}` : '';
  return {
    id: rule.id,
    name: pascalCase(rule.title) || pascalCase(rule.id) || rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description || rule.title },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    help: {
      text: `${rule.remediation}${referenceText}`,
      markdown: `**Remediation**\n\n${rule.remediation}${referenceMarkdown}`,
    },
    properties: {
      tags: ['security', 'compliance', rule.module, ...frameworks],
      'security-severity': SECURITY_SEVERITY[rule.severity],
      severity: rule.severity,
      references,
    },
  };
}

function sarifResult(finding: Finding, ruleIndex: Map<string, number>): Sarif.Result {
  const witnessPath = formatWitnessPath(finding.witnessPath);
  const result: Sarif.Result = {
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(finding.file) },
          ...(finding.line >= 1 ? { region: region(finding.line, finding.column) } : {}),
        },
        logicalLocations: [
          {
            name: finding.resource.id,
            kind: finding.resource.type,
            fullyQualifiedName: `${finding.manifest}/${finding.resource.id}`,
          },
        ],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
  };
  if (finding.baselineState) result.baselineState = finding.baselineState;
  if (finding.suppression) {
    result.suppressions = [
      {
        kind: finding.suppression.source === 'inline' ? 'inSource' : 'external',
        status: 'accepted',
        justification: finding.suppression.reason,
        ...(finding.suppression.expires ? { properties: { expires: finding.suppression.expires } } : {}),
      },
    ];
  }
  result.properties = {
    severity: finding.severity,
    module: finding.module,
    pointer: finding.pointer,
    evidence: finding.evidence,
    ...(finding.witnessPath ? { witnessPath: finding.witnessPath, witnessPathText: witnessPath } : {}),
    ...(finding.fix ? { fix: finding.fix } : {}),
  };
  return result;
}

function region(line: number, column: number): Sarif.Region {
  return column >= 1 ? { startLine: line, startColumn: column } : { startLine: line };
}

/**
 * The path as given, with forward slashes, percent-encoded only where a URI reference needs it
 * (spaces, `%`, `?`, `#`, non-ASCII), so that code scanning matches it against the checkout.
 */
export function fileUri(file: string): string {
  const wellFormed = file.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
  return encodeURI(wellFormed.replace(/\\/g, '/')).replace(/[?#]/g, (char) => encodeURIComponent(char));
}

/** `Personal data leaves the EEA` → `PersonalDataLeavesTheEEA` (acronyms kept). */
function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}

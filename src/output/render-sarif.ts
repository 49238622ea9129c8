import * as path from 'node:path';
import type * as Sarif from 'sarif';
import type { RuleMetadata } from '../core/rule-metadata';
import type { Severity } from '../core/severity';
import type { Finding } from '../core/finding';
import type { ScanReport } from '../core/scan-report';
import { formatProblem, type InputProblem } from '../core/input-error';
import {
  findingsByFile,
  formatReference,
  formatWitnessPath,
  SEVERITY_BUCKETS,
  severityBucket,
  sortFindings,
} from './finding-text';
import { jsonItem, jsonItems, writeJsonDocument } from './json-skeleton';
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

/** Where the items of the document's two large arrays sit: run.invocations[0] and run.results. */
const NOTIFICATION_INDENT = ' '.repeat(12);
const RESULT_INDENT = ' '.repeat(8);
const WARNINGS = 0;

/** SARIF 2.1.0, one run; absent baseline findings are results with `baselineState: absent`. */
export class SarifWriter implements ReportWriter {
  private readonly results = new SortedSections(',\n');
  private readonly notifications = new SortedSections(',\n');
  /** Counted for the run's properties (resources a rule could not judge, per rule). */
  private readonly notEvaluated = new NotEvaluatedCounter();
  /**
   * The rules that ran, plus any rule a finding names that is not among them (a baseline's absent
   * finding of a rule since skipped), so that every result's `ruleIndex` points somewhere.
   */
  private readonly rules: RuleMetadata[];
  private readonly ruleIndex: Map<string, number>;

  private readonly sourceRoot: string;
  /**
   * Each file's artifact location, worked out once: a dense file has a hundred results, and
   * resolving and encoding its path for each was a tenth of the rendering.
   */
  private readonly locations = new Map<string, Sarif.ArtifactLocation>();
  private readonly locate = (file: string): Sarif.ArtifactLocation => {
    let location = this.locations.get(file);
    if (!location) {
      location = artifactLocation(file, this.sourceRoot);
      this.locations.set(file, location);
    }
    return location;
  };

  constructor(
    private readonly header: ReportHeader,
    options: Pick<RenderOptions, 'sarifRoot'> = {},
  ) {
    this.sourceRoot = path.resolve(options.sarifRoot ?? '.');
    this.rules = [...header.rules];
    this.ruleIndex = new Map(this.rules.map((rule, index) => [rule.id, index]));
  }

  add(part: ReportPart): void {
    this.notEvaluated.add(part.notEvaluated);
    for (const finding of part.findings) this.knowRule(finding);
    for (const [file, findings] of findingsByFile(part.findings)) {
      for (const bucket of SEVERITY_BUCKETS) {
        const items = findings.filter((finding) => severityBucket(finding) === bucket);
        this.results.add(
          bucket,
          file,
          jsonItems(
            items.map((finding) => sarifResult(finding, this.ruleIndex, this.locate)),
            RESULT_INDENT,
          ),
        );
      }
    }
    this.notifications.add(
      WARNINGS,
      '',
      jsonItems(
        part.warnings.map((warning) => notification(warning, this.locate)),
        NOTIFICATION_INDENT,
      ),
    );
  }

  finish(end: ReportEnd, sink: OutputSink): void {
    const { header } = this;
    for (const finding of end.absent) this.knowRule(finding);
    const absent = sortFindings(end.absent).map((finding) =>
      sarifResult({ ...finding, baselineState: 'absent' }, this.ruleIndex, this.locate),
    );
    const presentCount = SEVERITY_BUCKETS.reduce((sum, bucket) => sum + this.results.count(bucket), 0);
    const notEvaluated = this.notEvaluated.summary();
    writeJsonDocument(
      sink,
      (hole) => ({
        $schema: SARIF_SCHEMA,
        version: '2.1.0',
        runs: [
          {
            tool: {
              driver: {
                name: 'Vigil',
                version: header.tool.version,
                semanticVersion: header.tool.version,
                informationUri: VIGIL_INFORMATION_URI,
                rules: this.rules.map(sarifRule),
              },
            },
            originalUriBaseIds: { [SOURCE_ROOT_BASE_ID]: { uri: folderUrl(this.sourceRoot) } },
            invocations: [
              {
                executionSuccessful: true,
                toolExecutionNotifications: hole('notifications', this.notifications.count(WARNINGS)),
              },
            ],
            columnKind: 'utf16CodeUnits',
            results: hole('results', presentCount + absent.length),
            properties: {
              referenceData: header.referenceData,
              ...(notEvaluated.total > 0 ? { notEvaluated } : {}),
            },
          },
        ],
      }),
      {
        notifications: (out) => this.notifications.writeTo(out, [WARNINGS]),
        results: (out) => {
          this.results.writeTo(out, SEVERITY_BUCKETS);
          absent.forEach((result, index) => {
            if (presentCount > 0 || index > 0) out.write(',\n');
            out.write(jsonItem(result, RESULT_INDENT));
          });
        },
      },
    );
  }

  dispose(): void {
    this.results.dispose();
    this.notifications.dispose();
  }

  private knowRule(finding: Finding): void {
    if (this.ruleIndex.has(finding.ruleId)) return;
    this.ruleIndex.set(finding.ruleId, this.rules.length);
    this.rules.push({
      id: finding.ruleId,
      title: finding.title,
      module: finding.module,
      severity: finding.severity,
      description: finding.title,
      remediation: finding.remediation,
      references: finding.references,
    });
  }
}

export function renderSarif(report: ScanReport, options: RenderOptions): string {
  return renderWhole(report, options, (header, opts) => new SarifWriter(header, opts));
}

/** A file's artifact location (SarifWriter keeps them, one per file). */
type Locate = (file: string) => Sarif.ArtifactLocation;

function notification(warning: InputProblem, locate: Locate): Sarif.Notification {
  return {
    level: 'warning',
    message: { text: formatProblem(warning) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: locate(warning.file),
          ...(warning.line >= 1 ? { region: region(warning.line, warning.column) } : {}),
        },
      },
    ],
  };
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

function sarifResult(finding: Finding, ruleIndex: Map<string, number>, locate: Locate): Sarif.Result {
  const witnessPath = formatWitnessPath(finding.witnessPath);
  const result: Sarif.Result = {
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: locate(finding.file),
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

/** The base of relative artifact locations, as SARIF consumers (GitHub code scanning) name it. */
export const SOURCE_ROOT_BASE_ID = '%SRCROOT%';

/**
 * Where a result points: relative to the source root (`uriBaseId` %SRCROOT%) when the file is
 * below it, else an absolute `file://` URI, percent-encoded as RFC 3986 requires either way.
 * `file` is as the scan names it: relative to the working folder, or absolute.
 */
export function artifactLocation(file: string, sourceRoot: string): Sarif.ArtifactLocation {
  const absolute = path.resolve(file.replace(/\\/g, '/'));
  const relative = path.relative(sourceRoot, absolute);
  const outside =
    relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  if (outside) return { uri: fileUrl(absolute) };
  return { uri: encodeSegments(relative.split(path.sep), false), uriBaseId: SOURCE_ROOT_BASE_ID };
}

/** The `file://` URI of a folder, ending in '/' as `originalUriBaseIds` requires. */
export function folderUrl(folder: string): string {
  const url = fileUrl(path.resolve(folder));
  return url.endsWith('/') ? url : `${url}/`;
}

function fileUrl(absolute: string): string {
  const segments = absolute.split(/[\\/]/);
  // A Windows path (C:\x) becomes file:///C:/x; a POSIX one already starts with an empty segment.
  if (segments[0] !== '') segments.unshift('');
  return `file://${encodeSegments(segments, true)}`;
}

/**
 * Each segment percent-encoded (UTF-8) but for RFC 3986's unreserved characters and a few
 * sub-delimiters; ':' is kept only in absolute URIs, where no scheme can be misread from it.
 * Lone surrogates, which have no UTF-8 form, become U+FFFD.
 */
function encodeSegments(segments: string[], absolute: boolean): string {
  return segments
    .map((segment) => {
      const wellFormed = segment.replace(
        /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
        '\uFFFD',
      );
      const encoded = encodeURIComponent(wellFormed);
      return absolute ? encoded.replace(/%3A/g, ':') : encoded;
    })
    .join('/');
}

/** `Personal data leaves the EEA` → `PersonalDataLeavesTheEEA` (acronyms kept). */
function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}

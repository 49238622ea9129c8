import { SEVERITY_RANK } from '../core/severity';
import { type RuleReference } from '../core/rule-metadata';
import type { Finding, ResourceRef, WitnessStep } from '../core/finding';

/** Worst first, then by place in the file, so every format lists findings in the same order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.resource.id, b.resource.id)
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** Code-unit order rather than locale order, so the output does not depend on the machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function formatLocation(finding: Pick<Finding, 'file' | 'line' | 'column'>): string {
  return `${finding.file}:${finding.line}:${finding.column}`;
}

export function formatResource(resource: ResourceRef): string {
  return `${resource.type}/${resource.id}`;
}

/** `crm -[export]-> warehouse -[sync]-> analytics` */
export function formatWitnessPath(path: readonly WitnessStep[] | undefined): string | undefined {
  if (!path || path.length === 0) return undefined;
  return path.reduce((text, step) => `${text} -[${step.flow}]-> ${step.to}`, path[0].from);
}

/** `GDPR Art. 44` */
export function formatReference(reference: RuleReference): string {
  return `${reference.framework} ${reference.id}`;
}

export function describeSuppression(finding: Finding): string | undefined {
  const suppression = finding.suppression;
  if (!suppression) return undefined;
  const how = suppression.source === 'inline' ? 'inline' : 'by the baseline';
  const until = suppression.expires ? ` until ${suppression.expires}` : '';
  return `suppressed ${how}${until}: ${suppression.reason}`;
}

/**
 * Shows control characters (other than tab and newline) and bidirectional overrides as `\xNN` /
 * `\u{NNNN}`, so that a value copied from a manifest cannot drive the terminal or hide text.
 */
export function escapeControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (char) => {
    const code = char.charCodeAt(0);
    const hex = code.toString(16).toUpperCase();
    return code <= 0xff ? `\\x${hex.padStart(2, '0')}` : `\\u{${hex}}`;
  });
}

/** The findings of each file, sorted: a file's findings are contiguous in the global order of a severity. */
export function findingsByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byFile.get(finding.file);
    if (list) list.push(finding);
    else byFile.set(finding.file, [finding]);
  }
  for (const list of byFile.values()) list.sort(compareFindings);
  return byFile;
}

/** Bucket of a severity in the output order: critical 0, high 1, medium 2, low 3. */
export function severityBucket(finding: Pick<Finding, 'severity'>): number {
  return 4 - SEVERITY_RANK[finding.severity];
}

export const SEVERITY_BUCKETS: readonly number[] = [0, 1, 2, 3];

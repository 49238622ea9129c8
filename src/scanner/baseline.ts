import type { Finding } from '../core/finding';

/** A record of accepted findings: later scans report only what is new against it. */
export interface Baseline {
  version: 1;
  createdAt: string;
  findings: BaselineEntry[];
}

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  severity: Finding['severity'];
  manifest: string;
  file: string;
  resource: Finding['resource'];
  message: string;
}

export function createBaseline(findings: Finding[], now = new Date()): Baseline {
  return {
    version: 1,
    createdAt: now.toISOString(),
    findings: findings
      .filter((finding) => !finding.suppression)
      .map((finding) => ({
        fingerprint: finding.fingerprint,
        ruleId: finding.ruleId,
        severity: finding.severity,
        manifest: finding.manifest,
        file: finding.file,
        resource: finding.resource,
        message: finding.message,
      })),
  };
}

/** Checks a parsed baseline file; returns a reason when it is not one. */
export function validateBaseline(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'a baseline is a JSON object';
  const baseline = value as Partial<Baseline>;
  if (baseline.version !== 1) return 'unsupported baseline version (expected 1)';
  if (!Array.isArray(baseline.findings)) return "a baseline needs a 'findings' list";
  const bad = baseline.findings.findIndex((entry) => typeof entry?.fingerprint !== 'string');
  if (bad !== -1) return `findings[${bad}] has no fingerprint`;
  return undefined;
}

/**
 * Marks each finding new or unchanged against the baseline and returns the baseline entries
 * that no longer occur, rendered as findings so every output can list them as absent.
 */
export function applyBaseline(findings: Finding[], baseline: Baseline): { absent: Finding[] } {
  const tracker = new BaselineTracker(baseline);
  tracker.mark(findings);
  return { absent: tracker.absent() };
}

/**
 * applyBaseline() for findings that stream past a part at a time: it keeps the fingerprints
 * not seen yet (bounded by the baseline), never the findings.
 */
export class BaselineTracker {
  private readonly recorded: Set<string>;
  private readonly unseen: Set<string>;

  constructor(private readonly baseline: Baseline) {
    this.recorded = new Set(baseline.findings.map((entry) => entry.fingerprint));
    this.unseen = new Set(this.recorded);
  }

  mark(findings: readonly Finding[]): void {
    for (const finding of findings) {
      finding.baselineState = this.recorded.has(finding.fingerprint) ? 'unchanged' : 'new';
      this.unseen.delete(finding.fingerprint);
    }
  }

  /** The baseline entries no finding matched, in the baseline's order. */
  absent(): Finding[] {
    return this.baseline.findings
      .filter((entry) => this.unseen.has(entry.fingerprint))
      .map((entry): Finding => ({
        ruleId: entry.ruleId,
        title: entry.ruleId,
        module: '',
        severity: entry.severity,
        manifest: entry.manifest,
        file: entry.file,
        line: 1,
        column: 1,
        pointer: '',
        resource: entry.resource,
        message: entry.message,
        evidence: {},
        references: [],
        remediation: '',
        fingerprint: entry.fingerprint,
        baselineState: 'absent',
      }));
  }
}

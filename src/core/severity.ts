export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is worse; used for thresholds and sorting. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

/** The `--fail-on` threshold: findings at or above it fail the scan; `none` never fails. */
export type FailOn = Severity | 'none';

/**
 * What the threshold reads of a finding. Structural, so this file needs nothing of finding.ts
 * (which imports Severity from here); a Finding is one.
 */
export interface ThresholdSubject {
  severity: Severity;
  suppression?: { refused?: true };
  baselineState?: 'new' | 'unchanged' | 'absent';
}

export function isSuppressed(finding: ThresholdSubject): boolean {
  // A refused suppression is shown with the finding but suppresses nothing.
  return finding.suppression !== undefined && finding.suppression.refused !== true;
}

/** Present in the baseline already: reported, but never a reason to fail. */
export function isBaselined(finding: ThresholdSubject): boolean {
  return finding.baselineState === 'unchanged' || finding.baselineState === 'absent';
}

/**
 * Whether a finding fails the scan: not suppressed, not already in the baseline, and at or above
 * the threshold. This is the one place the exit code's rule lives.
 */
export function failsAt(finding: ThresholdSubject, failOn: FailOn): boolean {
  if (failOn === 'none' || isSuppressed(finding) || isBaselined(finding)) return false;
  return SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[failOn];
}

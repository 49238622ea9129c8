import type { Finding } from '../core/finding';
import { failsAt, SEVERITIES, type FailOn, type Severity } from '../core/severity';
import type { Verdict } from '../core/verdict';
import {
  isActive,
  onAbsentFromCompleteScan,
  onReported,
  type FindingStatus,
  type TransitionCause,
} from '../findings/lifecycle/finding-lifecycle';

/** A finding of the project as stored before the scan. */
export interface StoredFinding {
  id: string;
  fingerprint: string;
  status: FindingStatus;
}

/** What a scan does to the project's findings, before any of it is written. */
export interface ScanSummary {
  bySeverity: Record<Severity, number>;
  new: number;
  existing: number;
  fixed: number;
  reopened: number;
}

/** A status move the scan makes; a new finding has no id until it is stored. */
export interface PlannedTransition {
  fingerprint: string;
  findingId: string | undefined;
  cause: Extract<TransitionCause, 'detected' | 'reopened' | 'fixed'>;
  from: FindingStatus | null;
  to: FindingStatus;
}

export interface ScanEffect {
  /** The findings the scan reports, one per fingerprint. */
  reported: Finding[];
  /** The status of each reported finding once the scan is stored. */
  statusAfter: Map<string, FindingStatus>;
  transitions: PlannedTransition[];
  summary: ScanSummary;
  verdict: Verdict;
}

/**
 * The effect of a scan on a project, as a pure function of what is stored and what the scan
 * found: new fingerprints open, fixed ones that are back reopen, and a complete scan fixes
 * what it no longer reports. `stored` holds the stored state of every reported fingerprint and,
 * for a complete scan, every finding not yet fixed.
 *
 * The build fails when a reported finding at or above `failOn` is still to be worked on:
 * waived findings (false positive, accepted risk) and inline suppressions do not count.
 */
export function planScanEffect(input: {
  reported: Finding[];
  stored: StoredFinding[];
  complete: boolean;
  failOn: FailOn;
}): ScanEffect {
  const reported = onePerFingerprint(input.reported);
  const stored = new Map(input.stored.map((finding) => [finding.fingerprint, finding]));
  const statusAfter = new Map<string, FindingStatus>();
  const transitions: PlannedTransition[] = [];
  const summary: ScanSummary = {
    bySeverity: Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>,
    new: 0,
    existing: 0,
    fixed: 0,
    reopened: 0,
  };
  for (const finding of reported) {
    summary.bySeverity[finding.severity]++;
    const before = stored.get(finding.fingerprint);
    const move = onReported(before?.status);
    statusAfter.set(finding.fingerprint, move?.to ?? before!.status);
    if (!move) summary.existing++;
    else {
      if (move.cause === 'detected') summary.new++;
      else summary.reopened++;
      transitions.push({
        fingerprint: finding.fingerprint,
        findingId: before?.id,
        cause: move.cause,
        from: before?.status ?? null,
        to: move.to,
      });
    }
  }
  if (input.complete) {
    for (const finding of stored.values()) {
      if (statusAfter.has(finding.fingerprint)) continue;
      const move = onAbsentFromCompleteScan(finding.status);
      if (!move) continue;
      summary.fixed++;
      transitions.push({
        fingerprint: finding.fingerprint,
        findingId: finding.id,
        from: finding.status,
        ...move,
      });
    }
  }
  const failing = reported.some(
    (finding) => isActive(statusAfter.get(finding.fingerprint)!) && failsAt(finding, input.failOn),
  );
  return { reported, statusAfter, transitions, summary, verdict: failing ? 'fail' : 'pass' };
}

/** Two findings with one fingerprint in an upload (the same manifest twice) are one finding. */
function onePerFingerprint(findings: Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const finding of findings) if (!seen.has(finding.fingerprint)) seen.set(finding.fingerprint, finding);
  return [...seen.values()];
}

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
  /** The file it was last seen in. */
  file: string;
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
  /**
   * What a complete scan fixes because their file was not in the upload at all: the mark of a
   * CI job pointed at the wrong folder rather than of fixes. `of` counts the findings that were
   * still to be worked on before the scan.
   */
  fixedWithoutTheirFile: { count: number; of: number };
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
  /** The paths of the files the scan read. */
  files: ReadonlySet<string>;
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
  const fixedWithoutTheirFile = { count: 0, of: 0 };
  for (const finding of stored.values()) if (isActive(finding.status)) fixedWithoutTheirFile.of++;
  if (input.complete) {
    for (const finding of stored.values()) {
      if (statusAfter.has(finding.fingerprint)) continue;
      const move = onAbsentFromCompleteScan(finding.status);
      if (!move) continue;
      summary.fixed++;
      if (isActive(finding.status) && !input.files.has(finding.file)) fixedWithoutTheirFile.count++;
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
  return {
    reported,
    statusAfter,
    transitions,
    summary,
    verdict: failing ? 'fail' : 'pass',
    fixedWithoutTheirFile,
  };
}

/** Two findings with one fingerprint in an upload (the same manifest twice) are one finding. */
function onePerFingerprint(findings: Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const finding of findings) if (!seen.has(finding.fingerprint)) seen.set(finding.fingerprint, finding);
  return [...seen.values()];
}

/** Something a scan says about itself beyond its counts, kept with it. */
export interface ScanWarning {
  code: 'fixed-without-their-files';
  message: string;
  count: number;
}

/** The loud part of a scan's effect: a complete scan that looks like a job pointed at the wrong folder. */
export function scanWarnings(effect: ScanEffect, share: number): ScanWarning[] {
  const { count, of } = effect.fixedWithoutTheirFile;
  if (count === 0 || count <= share * of) return [];
  return [
    {
      code: 'fixed-without-their-files',
      count,
      message:
        `this complete scan fixed ${count} of the project's ${of} open findings although none of their files ` +
        'was in the upload; if the scan missed files, send them all again (or mark the scan complete: false)',
    },
  ];
}

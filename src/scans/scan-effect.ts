import type { Finding } from '../core/finding';
import { failsAt, SEVERITIES, type FailOn, type Severity } from '../core/severity';
import type { Verdict } from '../core/verdict';
import {
  isActive,
  onAbsentFromCompleteScan,
  onEvidenceChanged,
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

/** A waiver of a stored finding, bound to the evidence hash the finding had when it was requested. */
export interface BoundWaiverState {
  id: string;
  findingId: string;
  /** approved: in force now; requested: waiting for a decision. */
  state: 'requested' | 'approved';
  evidenceHash: string;
}

/** Whether a project's inline x-vigil-suppress entries count (its inlineSuppressions setting). */
export type InlineSuppressionPolicy = 'honour' | 'refuse';

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
  cause: Extract<TransitionCause, 'detected' | 'reopened' | 'fixed' | 'waiver_lapsed'>;
  from: FindingStatus | null;
  to: FindingStatus;
  /** Why, for the history (a lapsed waiver says what changed). */
  note?: string;
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
  /** Waiver requests whose finding came back with other evidence before anyone decided: they lapse. */
  lapsedRequests: { waiverId: string; findingId: string }[];
  /** Waivers in force that lapsed because the evidence changed (their findings reopen). */
  lapsedWaivers: number;
  /** Inline suppressions the project refuses: reported with their findings, not honoured. */
  refusedSuppressions: number;
}

/**
 * The effect of a scan on a project, as a pure function of what is stored and what the scan
 * found: new fingerprints open, fixed ones that are back reopen, and a complete scan fixes
 * what it no longer reports. `stored` holds the stored state of every reported fingerprint and,
 * for a complete scan, every finding not yet fixed.
 *
 * A waiver is bound to the evidence hash its finding had when it was requested: a reported
 * finding with another hash is another risk, so a waiver in force lapses (the finding reopens)
 * and a request waiting for a decision lapses undecided. A project that refuses inline
 * suppressions gets its findings with their suppressions marked refused, and they count.
 *
 * The build fails when a reported finding at or above `failOn` is still to be worked on:
 * waived findings (false positive, accepted risk) and honoured inline suppressions do not count.
 */
export function planScanEffect(input: {
  reported: Finding[];
  stored: StoredFinding[];
  /** The paths of the files the scan read. */
  files: ReadonlySet<string>;
  complete: boolean;
  failOn: FailOn;
  /** The project's waivers in force or requested that carry an evidence hash. */
  waivers?: BoundWaiverState[];
  inlineSuppressions?: InlineSuppressionPolicy;
}): ScanEffect {
  let refusedSuppressions = 0;
  const reported = onePerFingerprint(input.reported).map((finding) => {
    if (input.inlineSuppressions !== 'refuse' || finding.suppression?.source !== 'inline') return finding;
    refusedSuppressions++;
    return { ...finding, suppression: { ...finding.suppression, refused: true as const } };
  });
  const stored = new Map(input.stored.map((finding) => [finding.fingerprint, finding]));
  const inForce = new Map<string, BoundWaiverState>();
  const requested = new Map<string, BoundWaiverState>();
  for (const waiver of input.waivers ?? [])
    (waiver.state === 'approved' ? inForce : requested).set(waiver.findingId, waiver);
  const lapsedRequests: ScanEffect['lapsedRequests'] = [];
  let lapsedWaivers = 0;
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
    const changed = (waiver: BoundWaiverState | undefined): waiver is BoundWaiverState =>
      waiver !== undefined &&
      finding.evidenceHash !== undefined &&
      waiver.evidenceHash !== finding.evidenceHash;
    const request = before && requested.get(before.id);
    if (changed(request)) lapsedRequests.push({ waiverId: request.id, findingId: request.findingId });
    const waiver = before && inForce.get(before.id);
    const move =
      onReported(before?.status) ?? (changed(waiver) ? onEvidenceChanged(before!.status) : undefined);
    statusAfter.set(finding.fingerprint, move?.to ?? before!.status);
    if (!move) summary.existing++;
    else {
      if (move.cause === 'detected') summary.new++;
      else summary.reopened++;
      if (move.cause === 'waiver_lapsed') lapsedWaivers++;
      transitions.push({
        fingerprint: finding.fingerprint,
        findingId: before?.id,
        cause: move.cause,
        from: before?.status ?? null,
        to: move.to,
        ...(move.cause === 'waiver_lapsed' && {
          note:
            `the evidence changed since waiver ${waiver!.id} was requested ` +
            `(evidence hash ${waiver!.evidenceHash.slice(0, 12)}… is now ${finding.evidenceHash!.slice(0, 12)}…): the waiver lapsed`,
        }),
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
    lapsedRequests,
    lapsedWaivers,
    refusedSuppressions,
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
  code: 'fixed-without-their-files' | 'inline-suppressions-refused' | 'waivers-lapsed';
  message: string;
  count: number;
}

/** The loud part of a scan's effect: a complete scan that looks like a job pointed at the wrong folder. */
export function scanWarnings(effect: ScanEffect, share: number): ScanWarning[] {
  const warnings: ScanWarning[] = [];
  const { count, of } = effect.fixedWithoutTheirFile;
  if (count > 0 && count > share * of) {
    warnings.push({
      code: 'fixed-without-their-files',
      count,
      message:
        `this complete scan fixed ${count} of the project's ${of} open findings although none of their files ` +
        'was in the upload; if the scan missed files, send them all again (or mark the scan complete: false)',
    });
  }
  if (effect.refusedSuppressions > 0) {
    warnings.push({
      code: 'inline-suppressions-refused',
      count: effect.refusedSuppressions,
      message:
        `this project refuses inline suppressions (inlineSuppressions: refuse): ${effect.refusedSuppressions} ` +
        'x-vigil-suppress entries were not honoured and their findings count; ask for a waiver instead',
    });
  }
  const lapsed = effect.lapsedWaivers + effect.lapsedRequests.length;
  if (lapsed > 0) {
    warnings.push({
      code: 'waivers-lapsed',
      count: lapsed,
      message:
        `${lapsed} waivers lapsed because their findings' evidence changed (${effect.lapsedWaivers} in force, ` +
        `whose findings reopened, and ${effect.lapsedRequests.length} waiting for a decision)`,
    });
  }
  return warnings;
}

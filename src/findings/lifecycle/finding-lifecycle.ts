/**
 * The life of a finding, in one place: its statuses, and every move between them with what
 * causes it (a person, a scan, the expiry of a waiver). Plain data and functions: the service
 * that writes moves (finding-lifecycle.service.ts) and the scan planner both ask this file.
 */

export const FINDING_STATUSES = [
  'open',
  'triaged',
  'in_progress',
  'fixed',
  'false_positive',
  'risk_accepted',
  'reopened',
] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** Statuses in which a finding still needs work; a present one fails a build at its severity. */
export const ACTIVE_STATUSES: readonly FindingStatus[] = ['open', 'triaged', 'in_progress', 'reopened'];

/** Decisions not to fix, each recorded with a waiver. */
export type WaiverKind = 'false_positive' | 'risk_accepted';
export const WAIVER_KINDS: readonly WaiverKind[] = ['false_positive', 'risk_accepted'];

export function isWaiverKind(status: FindingStatus): status is WaiverKind {
  return (WAIVER_KINDS as readonly FindingStatus[]).includes(status);
}

export function isActive(status: FindingStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

/**
 * The moves people may make (PATCH /findings/:id, POST /findings/bulk); anything else is a 409.
 * A fixed or waived finding only goes back to open: a decision is undone before another is made.
 */
export const PEOPLE_MOVES: Readonly<Record<FindingStatus, readonly FindingStatus[]>> = {
  open: ['triaged', 'in_progress', 'fixed', 'false_positive', 'risk_accepted'],
  reopened: ['triaged', 'in_progress', 'fixed', 'false_positive', 'risk_accepted'],
  triaged: ['open', 'in_progress', 'fixed', 'false_positive', 'risk_accepted'],
  in_progress: ['triaged', 'fixed', 'false_positive', 'risk_accepted'],
  fixed: ['open'],
  false_positive: ['open'],
  risk_accepted: ['open'],
};

/** Why a finding changes status; each is one kind of history entry. */
export type TransitionCause =
  /** A scan reports a fingerprint the project has not seen. */
  | 'detected'
  /** A scan reports again a finding that was fixed. */
  | 'reopened'
  /** A complete scan no longer reports a finding. */
  | 'fixed'
  /** A person moved it. */
  | 'status_changed'
  /** An accepted risk reached its expiry. */
  | 'waiver_expired'
  /** A second person approved a waiver request: the finding takes the waiver's status. */
  | 'waiver_approved'
  /** A scan reported the waived finding with other evidence: the waiver no longer describes it. */
  | 'waiver_lapsed';

/**
 * What happens to a waiver request without moving the finding: a security officer asks for a
 * false positive or a risk acceptance, or a second person refuses it. Each is a history entry.
 */
export type WaiverRequestEvent = 'waiver_requested' | 'waiver_rejected';

/** The status a finding is in before its cause may apply, and the status it then takes. */
const CAUSED_MOVES: Readonly<
  Record<
    Exclude<TransitionCause, 'status_changed' | 'waiver_approved'>,
    { from: readonly (FindingStatus | null)[]; to: FindingStatus }
  >
> = {
  detected: { from: [null], to: 'open' },
  reopened: { from: ['fixed'], to: 'reopened' },
  fixed: { from: FINDING_STATUSES.filter((status) => status !== 'fixed'), to: 'fixed' },
  waiver_expired: { from: ['risk_accepted'], to: 'reopened' },
  waiver_lapsed: { from: WAIVER_KINDS, to: 'reopened' },
};

/** What a scan does to a finding it reports: a new one opens, a fixed one reopens, others stay. */
export function onReported(
  stored: FindingStatus | undefined,
): { cause: 'detected' | 'reopened'; to: FindingStatus } | undefined {
  if (stored === undefined) return { cause: 'detected', to: CAUSED_MOVES.detected.to };
  if (CAUSED_MOVES.reopened.from.includes(stored)) return { cause: 'reopened', to: CAUSED_MOVES.reopened.to };
  return undefined;
}

/** What a complete scan does to a stored finding it no longer reports. */
export function onAbsentFromCompleteScan(
  stored: FindingStatus,
): { cause: 'fixed'; to: FindingStatus } | undefined {
  return CAUSED_MOVES.fixed.from.includes(stored) ? { cause: 'fixed', to: CAUSED_MOVES.fixed.to } : undefined;
}

/** What the expiry of an accepted risk does. */
export function onWaiverExpired(
  stored: FindingStatus,
): { cause: 'waiver_expired'; to: FindingStatus } | undefined {
  return CAUSED_MOVES.waiver_expired.from.includes(stored)
    ? { cause: 'waiver_expired', to: CAUSED_MOVES.waiver_expired.to }
    : undefined;
}

/** What a scan reporting a waived finding with other evidence than the waiver was bound to does. */
export function onEvidenceChanged(
  stored: FindingStatus,
): { cause: 'waiver_lapsed'; to: FindingStatus } | undefined {
  return CAUSED_MOVES.waiver_lapsed.from.includes(stored)
    ? { cause: 'waiver_lapsed', to: CAUSED_MOVES.waiver_lapsed.to }
    : undefined;
}

/** Whether `cause` may move a finding from `from` to `to`: the check every written move passes. */
export function isAllowed(cause: TransitionCause, from: FindingStatus | null, to: FindingStatus): boolean {
  if (cause === 'status_changed') return from !== null && PEOPLE_MOVES[from].includes(to);
  // An approval makes the move its request asked for, which a person could make.
  if (cause === 'waiver_approved')
    return from !== null && isWaiverKind(to) && PEOPLE_MOVES[from].includes(to);
  const move = CAUSED_MOVES[cause];
  return move.from.includes(from) && move.to === to;
}

/** Why a person cannot move a finding from `current` to `next`, or undefined when they can. */
export function peopleMoveProblem(
  findingId: string,
  current: FindingStatus,
  next: FindingStatus,
): { message: string; currentStatus: FindingStatus; allowed: readonly FindingStatus[] } | undefined {
  const allowed = PEOPLE_MOVES[current];
  if (allowed.includes(next)) return undefined;
  const moves = allowed.join(', ');
  const message =
    current === next
      ? `finding ${findingId} is already ${current}; from ${current} it can move to ${moves}`
      : `finding ${findingId} cannot move from ${current} to ${next}; from ${current} it can move to ${moves}`;
  return { message, currentStatus: current, allowed };
}

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

/**
 * The moves people may make (scans make their own: detected, fixed when gone, reopened when
 * back; an expired risk acceptance reopens). Anything else is a 409.
 */
export const ALLOWED_TRANSITIONS: Record<FindingStatus, readonly FindingStatus[]> = {
  open: ['triaged', 'in_progress', 'fixed', 'false_positive', 'risk_accepted'],
  reopened: ['triaged', 'in_progress', 'fixed', 'false_positive', 'risk_accepted'],
  triaged: ['open', 'in_progress', 'fixed', 'false_positive', 'risk_accepted'],
  in_progress: ['triaged', 'fixed', 'false_positive', 'risk_accepted'],
  fixed: ['open'],
  false_positive: ['open'],
  risk_accepted: ['open'],
};

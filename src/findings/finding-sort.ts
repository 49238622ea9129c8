/**
 * The orders GET /findings offers. Each pages by keyset on (sort key, id), both in the sort's
 * direction, so an index on (key DESC, id DESC) serves either direction.
 */
export const FINDING_SORTS = [
  '-severity',
  'severity',
  '-lastSeenAt',
  'lastSeenAt',
  '-firstSeenAt',
  'firstSeenAt',
] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];

export const DEFAULT_FINDING_SORT: FindingSort = '-severity';

export interface SortKey {
  /** The findings column the sort orders by (id breaks ties). */
  column: 'severity_rank' | 'last_seen_at' | 'first_seen_at';
  descending: boolean;
  /** How the key travels in a cursor: a rank, or a timestamp with microseconds. */
  cursorType: 'number' | 'timestamp';
}

const COLUMNS: Record<string, SortKey['column']> = {
  severity: 'severity_rank',
  lastSeenAt: 'last_seen_at',
  firstSeenAt: 'first_seen_at',
};

export function sortKey(sort: FindingSort): SortKey {
  const descending = sort.startsWith('-');
  const column = COLUMNS[descending ? sort.slice(1) : sort];
  return { column, descending, cursorType: column === 'severity_rank' ? 'number' : 'timestamp' };
}

import { BadRequestException } from '@nestjs/common';
import { CursorCodec, parseCursor } from '../common/pagination/cursor-codec';
import { FINDING_SORTS, sortKey, type FindingSort } from './finding-sort';

/** Where a page ends: the sort key (a rank, or a timestamp to the microsecond) and the id. */
export interface FindingPosition {
  key: number | string;
  id: string;
}

/** The cursor names its sort, so a cursor from another order is refused rather than misread. */
const BY_RANK = new CursorCodec([
  { kind: 'name', names: FINDING_SORTS },
  { kind: 'integer', min: 1, max: 4 },
  { kind: 'uuid' },
] as const);
const BY_TIME = new CursorCodec([
  { kind: 'name', names: FINDING_SORTS },
  { kind: 'timestamp' },
  { kind: 'uuid' },
] as const);

const codecFor = (sort: FindingSort) => (sortKey(sort).cursorType === 'number' ? BY_RANK : BY_TIME);

export function encodeFindingCursor(sort: FindingSort, position: FindingPosition): string {
  return sortKey(sort).cursorType === 'number'
    ? BY_RANK.encode([sort, position.key as number, position.id])
    : BY_TIME.encode([sort, position.key as string, position.id]);
}

export function decodeFindingCursor(cursor: string, sort: FindingSort): FindingPosition {
  const madeFor = cursorSort(cursor);
  if (madeFor !== undefined && madeFor !== sort) {
    throw new BadRequestException(
      `cursor was made for sort ${madeFor}, not ${sort}: page with the sort the cursor came from`,
    );
  }
  const [, key, id] = codecFor(sort).decode(cursor);
  return { key, id };
}

/** The sort a well-formed cursor names, if it names one. */
function cursorSort(cursor: string): FindingSort | undefined {
  const values = parseCursor(cursor);
  return Array.isArray(values) ? FINDING_SORTS.find((known) => known === values[0]) : undefined;
}

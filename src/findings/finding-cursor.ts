import { BadRequestException } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { FINDING_SORTS, sortKey, type FindingSort } from './finding-sort';

/** Where a page ends: the sort key (a rank, or a timestamp to the microsecond) and the id. */
export interface FindingPosition {
  key: number | string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Timestamps travel as PostgreSQL renders them to the microsecond: a JS Date would drop digits and skip rows. */
const MICRO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The cursor names its sort, so a cursor from another order is refused rather than misread. */
export function encodeFindingCursor(sort: FindingSort, position: FindingPosition): string {
  return encodeCursor([sort, position.key, position.id]);
}

export function decodeFindingCursor(cursor: string, sort: FindingSort): FindingPosition {
  const madeFor = cursorSort(cursor);
  if (madeFor !== undefined && madeFor !== sort) {
    throw new BadRequestException(
      `cursor was made for sort ${madeFor}, not ${sort}: page with the sort the cursor came from`,
    );
  }
  const key = sortKey(sort);
  const [, value, id] = decodeCursor(cursor, [
    'string',
    key.cursorType === 'number' ? 'number' : 'string',
    'string',
  ]);
  const valid =
    UUID.test(id as string) &&
    (key.cursorType === 'number'
      ? Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 4
      : MICRO_TIMESTAMP.test(value as string) && !Number.isNaN(Date.parse(value as string)));
  if (!valid) {
    throw new BadRequestException('cursor is not valid: pass back the nextCursor of the previous page');
  }
  return { key: value, id: id as string };
}

/** The sort a well-formed cursor names, if it names one. */
function cursorSort(cursor: string): FindingSort | undefined {
  try {
    const [sort] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return FINDING_SORTS.find((known) => known === sort);
  } catch {
    return undefined;
  }
}

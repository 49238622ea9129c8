import { BadRequestException } from '@nestjs/common';

/**
 * Opaque keyset cursors: the sort key and id of the last item of a page, so the next page is
 * an index range scan however deep it is (no OFFSET).
 */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, shape: ('string' | 'number')[]): (string | number)[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadRequestException('cursor is not valid: pass back the nextCursor of the previous page');
  }
  if (
    !Array.isArray(values) ||
    values.length !== shape.length ||
    values.some((value, i) => typeof value !== shape[i])
  ) {
    throw new BadRequestException('cursor is not valid: pass back the nextCursor of the previous page');
  }
  return values as (string | number)[];
}

/**
 * Keyset pages are read with one row more than asked: it tells whether another page follows.
 * Returns the page and, when one follows, the cursor made from the page's last row.
 */
export function keysetPage<T, C = string>(
  rows: T[],
  limit: number,
  cursorOf: (last: T) => C,
): { page: T[]; nextCursor: C | null } {
  const page = rows.slice(0, limit);
  return { page, nextCursor: rows.length > limit ? cursorOf(page[page.length - 1]) : null };
}

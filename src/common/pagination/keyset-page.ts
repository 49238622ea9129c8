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

/** The LIMIT of a keyset page's query: one row more than the page, checked because it is written into SQL text. */
export function pageRows(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`page limit must be a positive integer, not ${limit}`);
  return limit + 1;
}

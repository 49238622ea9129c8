/**
 * GET /findings items written straight from PostgreSQL's text rows to JSON. The list is the
 * API's hottest read: pg's type parsing, one object per row and JSON.stringify cost most of its
 * time, and dates went text → Date → text. Every value here arrives as PostgreSQL's text.
 */

/** The SELECT list the writer reads, in order: each row is an array of text (or null). */
export const LIST_ITEM_SELECT = [
  'f.id',
  'p.name',
  'f.fingerprint',
  'f.rule_id',
  'f.module',
  'f.title',
  'f.severity',
  'f.status',
  'f.resource_type',
  'f.resource_id',
  'f.manifest',
  'f.file',
  'f.line',
  'f."column"',
  'f.pointer',
  'f.message',
  'f.assignee',
  // Timestamps in UTC without a zone: "2026-08-22 03:44:52.704123" whatever the session's TimeZone.
  `f.risk_accepted_until AT TIME ZONE 'UTC'`,
  'f.inline_suppression',
  `f.first_seen_at AT TIME ZONE 'UTC'`,
  `f.last_seen_at AT TIME ZONE 'UTC'`,
  'f.first_seen_scan_id',
  'f.last_seen_scan_id',
].join(', ');

/** The number of columns LIST_ITEM_SELECT yields; a cursor's sort value follows them. */
export const LIST_ITEM_COLUMNS = 23;

/** A row as PostgreSQL sends it: every column as text, or null. */
export type TextRow = (string | null)[];

const text = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));

/** One FindingView, the same JSON as JSON.stringify(toFindingView(...)) gives. */
export function listItemJson(row: TextRow): string {
  return (
    `{"id":"${row[0]}","project":${text(row[1])},"fingerprint":${text(row[2])},"ruleId":${text(row[3])}` +
    `,"module":${text(row[4])},"title":${text(row[5])},"severity":${text(row[6])},"status":${text(row[7])}` +
    `,"resource":{"type":${text(row[8])},"id":${text(row[9])}},"manifest":${text(row[10])}` +
    `,"file":${text(row[11])},"line":${row[12]},"column":${row[13]},"pointer":${text(row[14])}` +
    `,"message":${text(row[15])},"assignee":${text(row[16])},"riskAcceptedUntil":${isoMillis(row[17])}` +
    // jsonb's text is JSON already.
    `,"inlineSuppression":${row[18] ?? 'null'},"firstSeenAt":${isoMillis(row[19])}` +
    `,"lastSeenAt":${isoMillis(row[20])},"firstSeenScanId":"${row[21]}","lastSeenScanId":"${row[22]}"}`
  );
}

/**
 * "2026-08-22 03:44:52.7041" (UTC) → "2026-08-22T03:44:52.704Z", as Date#toISOString renders
 * it: milliseconds, truncated.
 */
export function isoMillis(utc: string | null): string {
  if (utc === null) return 'null';
  return `"${utc.slice(0, 10)}T${utc.slice(11, 19)}.${fraction(utc, 3)}Z"`;
}

/** The same timestamp to the microsecond, as cursors carry it: "2026-08-22T03:44:52.704100Z". */
export function isoMicros(utc: string): string {
  return `${utc.slice(0, 10)}T${utc.slice(11, 19)}.${fraction(utc, 6)}Z`;
}

/** PostgreSQL leaves out a zero fraction and its trailing zeros. */
function fraction(utc: string, digits: number): string {
  const given = utc.length > 20 && utc[19] === '.' ? utc.slice(20, 20 + digits) : '';
  return given.padEnd(digits, '0');
}

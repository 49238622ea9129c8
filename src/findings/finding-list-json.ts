/**
 * GET /findings items written straight from PostgreSQL's text rows to JSON. The list is the
 * API's hottest read: pg's type parsing, one object per row and JSON.stringify cost most of its
 * time, and dates went text → Date → text.
 */

/** A timestamp column as JSON: "2026-08-22T03:44:52.704Z" (UTC, milliseconds truncated, as Date#toISOString). */
const jsonMillis = (column: string) =>
  `'"' || to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'`;

/**
 * The SELECT list the writer reads, in order. PostgreSQL writes the fields whose text its
 * constraints make safe (uuids, the project name, enums, numbers, timestamps, jsonb) as one
 * JSON fragment: decoding a column costs Node more than building it costs PostgreSQL. The
 * free text follows, one column a field, for Node to escape.
 */
export const LIST_ITEM_SELECT = [
  `concat('{"id":"', f.id, '","project":"', p.name, '","severity":"', f.severity, '","status":"', f.status,
    '","line":', f.line, ',"column":', f."column",
    ',"riskAcceptedUntil":', coalesce(${jsonMillis('f.risk_accepted_until')}, 'null'),
    ',"inlineSuppression":', coalesce(f.inline_suppression::text, 'null'),
    ',"firstSeenAt":', ${jsonMillis('f.first_seen_at')}, ',"lastSeenAt":', ${jsonMillis('f.last_seen_at')},
    ',"firstSeenScanId":"', f.first_seen_scan_id, '","lastSeenScanId":"', f.last_seen_scan_id, '"')`,
  'f.id',
  'f.fingerprint',
  'f.rule_id',
  'f.module',
  'f.title',
  'f.resource_type',
  'f.resource_id',
  'f.manifest',
  'f.file',
  'f.pointer',
  'f.message',
  'f.assignee',
].join(', ');

/** The number of columns LIST_ITEM_SELECT yields; a cursor's sort value follows them. */
export const LIST_ITEM_COLUMNS = 13;

/** Where a row's finding id is. */
export const LIST_ITEM_ID = 1;

/** A row as PostgreSQL sends it: every column as text, or null. */
export type TextRow = (string | null)[];

/** What JSON.stringify would escape in a string (surrogates included, paired or not). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as JSON: most are plain, and quoting them is cheaper than JSON.stringify. */
export const jsonString = (value: string | null) =>
  value === null ? 'null' : NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;

/** One FindingView: the fields of JSON.stringify(toFindingView(...)), in another order. */
export function listItemJson(row: TextRow): string {
  return (
    `${row[0]},"fingerprint":${jsonString(row[2])},"ruleId":${jsonString(row[3])},"module":${jsonString(row[4])}` +
    `,"title":${jsonString(row[5])},"resource":{"type":${jsonString(row[6])},"id":${jsonString(row[7])}}` +
    `,"manifest":${jsonString(row[8])},"file":${jsonString(row[9])},"pointer":${jsonString(row[10])}` +
    `,"message":${jsonString(row[11])},"assignee":${jsonString(row[12])}}`
  );
}

/**
 * A timestamp as PostgreSQL writes it in UTC ("2026-08-22 03:44:52.7041") to the microsecond,
 * as cursors carry it: "2026-08-22T03:44:52.704100Z".
 */
export function isoMicros(utc: string): string {
  return `${utc.slice(0, 10)}T${utc.slice(11, 19)}.${fraction(utc, 6)}Z`;
}

/** PostgreSQL leaves out a zero fraction and its trailing zeros. */
function fraction(utc: string, digits: number): string {
  const given = utc.length > 20 && utc[19] === '.' ? utc.slice(20, 20 + digits) : '';
  return given.padEnd(digits, '0');
}

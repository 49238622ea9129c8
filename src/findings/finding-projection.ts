/**
 * The one projection of a finding that the API shows: a table of its fields and where each
 * comes from. GET /findings items, bulk answers and GET /findings/:id are all written from it,
 * straight from PostgreSQL's text rows: the list is the API's hottest read, and pg's type
 * parsing, an object per row and JSON.stringify cost most of its time.
 */

/**
 * How a column's text becomes JSON. `trusted` columns (uuids, enums, numbers, timestamps, jsonb,
 * the CHECK-constrained project name) are written as JSON by PostgreSQL itself, several fields in
 * one fragment: decoding a column costs Node more than building it costs PostgreSQL. `text` is
 * free text, escaped by Node.
 */
type FieldSource =
  | { sql: string; json: 'quoted' | 'number' | 'millis' | 'jsonb'; nullable?: boolean }
  | { sql: string; json: 'text' };

interface ScalarField {
  name: string;
  source: FieldSource;
}

interface GroupField {
  name: string;
  fields: ScalarField[];
}

type Field = ScalarField | GroupField;

const field = (name: string, source: FieldSource): ScalarField => ({ name, source });

/** A finding as lists show it, in the order its JSON lists its fields. */
export const FINDING_ITEM_FIELDS: readonly Field[] = [
  field('id', { sql: 'f.id', json: 'quoted' }),
  field('project', { sql: 'p.name', json: 'quoted' }),
  field('severity', { sql: 'f.severity', json: 'quoted' }),
  field('status', { sql: 'f.status', json: 'quoted' }),
  field('line', { sql: 'f.line', json: 'number' }),
  field('column', { sql: 'f."column"', json: 'number' }),
  field('riskAcceptedUntil', { sql: 'f.risk_accepted_until', json: 'millis', nullable: true }),
  field('inlineSuppression', { sql: 'f.inline_suppression', json: 'jsonb', nullable: true }),
  field('firstSeenAt', { sql: 'f.first_seen_at', json: 'millis' }),
  field('lastSeenAt', { sql: 'f.last_seen_at', json: 'millis' }),
  field('firstSeenScanId', { sql: 'f.first_seen_scan_id', json: 'quoted' }),
  field('lastSeenScanId', { sql: 'f.last_seen_scan_id', json: 'quoted' }),
  field('fingerprint', { sql: 'f.fingerprint', json: 'text' }),
  field('ruleId', { sql: 'f.rule_id', json: 'text' }),
  field('module', { sql: 'f.module', json: 'text' }),
  field('title', { sql: 'f.title', json: 'text' }),
  {
    name: 'resource',
    fields: [
      field('type', { sql: 'f.resource_type', json: 'text' }),
      field('id', { sql: 'f.resource_id', json: 'text' }),
    ],
  },
  field('manifest', { sql: 'f.manifest', json: 'text' }),
  field('file', { sql: 'f.file', json: 'text' }),
  field('pointer', { sql: 'f.pointer', json: 'text' }),
  field('message', { sql: 'f.message', json: 'text' }),
  field('assignee', { sql: 'f.assignee', json: 'text' }),
];

/** What GET /findings/:id adds to the item: what a reviewer needs to decide. */
export const FINDING_DETAIL_FIELDS: readonly ScalarField[] = [
  field('evidence', { sql: 'f.evidence', json: 'jsonb' }),
  field('witnessPath', { sql: 'f.witness_path', json: 'jsonb', nullable: true }),
  field('references', { sql: 'f."references"', json: 'jsonb' }),
  field('remediation', { sql: 'f.remediation', json: 'text' }),
  field('fix', { sql: 'f.fix', json: 'jsonb', nullable: true }),
];

/** The tables the projection's SQL reads: `f` the finding, `p` its project. */
export const FINDING_FROM = 'findings f JOIN projects p ON p.id = f.project_id';

/** A row as PostgreSQL sends it: every column as text, or null. */
export type TextRow = (string | null)[];

/** A timestamp column as JSON: "2026-08-22T03:44:52.704Z" (UTC, milliseconds truncated, as Date#toISOString). */
const jsonMillis = (column: string) =>
  `'"' || to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'`;

function trustedJson(source: Exclude<FieldSource, { json: 'text' }>): string {
  const value =
    source.json === 'quoted'
      ? `'"' || ${source.sql} || '"'`
      : source.json === 'number'
        ? `${source.sql}::text`
        : source.json === 'millis'
          ? jsonMillis(source.sql)
          : `${source.sql}::text`;
  return source.nullable ? `coalesce(${value}, 'null')` : value;
}

/** What JSON.stringify would escape in a string (surrogates included, paired or not). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as JSON: most are plain, and quoting them is cheaper than JSON.stringify. */
export const jsonString = (value: string | null) =>
  value === null ? 'null' : NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;

/**
 * How Node writes one row: a piece is a column that PostgreSQL already wrote as JSON members
 * (`"id":"…","project":"…"`), a text member, or the start or end of a nested object.
 */
type Piece =
  | { kind: 'members'; column: number }
  | { kind: 'text'; key: string; column: number }
  | { kind: 'open'; key: string }
  | { kind: 'close' };

/** A projection compiled to its SELECT list and the writer of its rows. */
export interface CompiledProjection {
  /** The SELECT list, `columns` columns long. */
  select: string;
  columns: number;
  /** The row's JSON object, from the first `columns` columns of the row. */
  write(row: TextRow): string;
}

export function compileProjection(fields: readonly Field[]): CompiledProjection {
  const columns: string[] = [];
  const pieces: Piece[] = [];
  let members: string[] = [];
  const flush = () => {
    if (members.length === 0) return;
    pieces.push({ kind: 'members', column: columns.length });
    columns.push(`concat(${members.join(", ',', ")})`);
    members = [];
  };
  const add = (scalar: ScalarField) => {
    if (scalar.source.json === 'text') {
      flush();
      pieces.push({ kind: 'text', key: JSON.stringify(scalar.name), column: columns.length });
      columns.push(scalar.source.sql);
    } else {
      members.push(`'${JSON.stringify(scalar.name)}:' || ${trustedJson(scalar.source)}`);
    }
  };
  for (const entry of fields) {
    if ('fields' in entry) {
      flush();
      pieces.push({ kind: 'open', key: JSON.stringify(entry.name) });
      entry.fields.forEach(add);
      flush();
      pieces.push({ kind: 'close' });
    } else add(entry);
  }
  flush();
  return {
    select: columns.join(', '),
    columns: columns.length,
    write(row) {
      let json = '{';
      let first = true;
      for (const piece of pieces) {
        if (piece.kind === 'close') {
          json += '}';
          first = false;
          continue;
        }
        if (!first) json += ',';
        first = piece.kind === 'open';
        if (piece.kind === 'members') json += row[piece.column];
        else if (piece.kind === 'text') json += `${piece.key}:${jsonString(row[piece.column])}`;
        else json += `${piece.key}:{`;
      }
      return `${json}}`;
    },
  };
}

/** List items: GET /findings, bulk answers. */
export const FINDING_ITEM = compileProjection(FINDING_ITEM_FIELDS);

/** GET /findings/:id without its history and waiver: the item's fields, then the detail's. */
export const FINDING_DETAIL = compileProjection([...FINDING_ITEM_FIELDS, ...FINDING_DETAIL_FIELDS]);

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

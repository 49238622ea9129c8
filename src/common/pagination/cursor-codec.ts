import { BadRequestException } from '@nestjs/common';

/**
 * What one position of a keyset cursor holds. Every list validates its cursor field by field
 * before a value reaches SQL: a cursor that decodes but holds an impossible date or a
 * fractional rank is the client's mistake (400), not a database error (500).
 */
export type CursorField =
  | { kind: 'uuid' }
  /** A timestamp to the microsecond, as PostgreSQL orders it (a JS Date would drop digits and skip rows). */
  | { kind: 'timestamp' }
  /** A whole number within bounds (a severity rank, an entry number). */
  | { kind: 'integer'; min: number; max: number }
  /** One of a fixed set of names (the sort a cursor was made for). */
  | { kind: 'name'; names: readonly string[] };

type FieldValue<F extends CursorField> = F extends { kind: 'integer' } ? number : string;
export type CursorValues<F extends readonly CursorField[]> = { [K in keyof F]: FieldValue<F[K]> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MICRO_TIMESTAMP = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A real instant between years 1 and 9999, written to the microsecond in UTC. */
export function isMicroTimestamp(value: string): boolean {
  const match = MICRO_TIMESTAMP.exec(value);
  if (!match || match[1] === '0000') return false;
  // JS Date rolls 2026-02-30 over into March; a real date reads back as written.
  const millis = Date.parse(`${value.slice(0, 19)}Z`);
  return !Number.isNaN(millis) && new Date(millis).toISOString().slice(0, 19) === value.slice(0, 19);
}

function holds(field: CursorField, value: unknown): boolean {
  switch (field.kind) {
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'timestamp':
      return typeof value === 'string' && isMicroTimestamp(value);
    case 'integer':
      return Number.isSafeInteger(value) && (value as number) >= field.min && (value as number) <= field.max;
    case 'name':
      return typeof value === 'string' && field.names.includes(value);
  }
}

export const INVALID_CURSOR = 'cursor is not valid: pass back the nextCursor of the previous page';

/**
 * Opaque keyset cursors: the sort key and id of the last item of a page, so the next page is
 * an index range scan however deep it is (no OFFSET). One codec per list names its fields.
 */
export class CursorCodec<F extends readonly CursorField[]> {
  constructor(private readonly fields: F) {}

  encode(values: CursorValues<F>): string {
    return Buffer.from(JSON.stringify(values)).toString('base64url');
  }

  /** The cursor's values, each checked against its field; anything else is a 400. */
  decode(cursor: string): CursorValues<F> {
    const values = parseCursor(cursor);
    if (
      !Array.isArray(values) ||
      values.length !== this.fields.length ||
      values.some((value, i) => !holds(this.fields[i], value))
    ) {
      throw new BadRequestException(INVALID_CURSOR);
    }
    return values as CursorValues<F>;
  }
}

/** The JSON inside a cursor, or undefined when there is none. */
export function parseCursor(cursor: string): unknown {
  if (cursor.length > 512 || !/^[A-Za-z0-9_-]*$/.test(cursor)) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

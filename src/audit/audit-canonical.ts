import * as crypto from 'node:crypto';
import canonicalize from 'canonicalize';

/** The prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** One audit entry's content: everything the hash covers except the previous hash. */
export interface AuditContent {
  seq: number;
  /** ISO 8601 in UTC to the millisecond, as Date.prototype.toISOString writes it. */
  at: string;
  actor: { keyId: string | null; name: string };
  requestId: string | null;
  action: string;
  target: { type: string; id: string };
  before: unknown;
  after: unknown;
}

/**
 * The canonical content of an entry: the RFC 8785 (JSON Canonicalization Scheme) text of
 * { seq, at, actor: { keyId, name }, requestId, action, target: { type, id }, before, after },
 * with null for an absent before, after, key id or request id. JCS sorts keys by UTF-16 code
 * units and writes numbers as ECMAScript does, so the text is the same after the values went
 * through PostgreSQL's jsonb and back.
 */
export function canonicalContent(entry: AuditContent): string {
  return canonicalize({
    seq: entry.seq,
    at: entry.at,
    actor: { keyId: entry.actor.keyId, name: entry.actor.name },
    requestId: entry.requestId,
    action: entry.action,
    target: { type: entry.target.type, id: entry.target.id },
    before: entry.before ?? null,
    after: entry.after ?? null,
  })!;
}

/** hash = lowercase hex SHA-256 of the UTF-8 bytes of prevHash (64 hex digits) followed by the canonical content. */
export function entryHash(prevHash: string, entry: AuditContent): string {
  return crypto
    .createHash('sha256')
    .update(prevHash + canonicalContent(entry), 'utf8')
    .digest('hex');
}

/** A value as JSON keeps it (dates become strings, undefined fields go): what is hashed is what is stored. */
export function asStoredJson(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

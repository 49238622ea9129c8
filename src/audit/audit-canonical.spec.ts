import * as crypto from 'node:crypto';
import {
  asStoredJson,
  canonicalContent,
  entryHash,
  GENESIS_HASH,
  type AuditContent,
} from './audit-canonical';

const entry: AuditContent = {
  seq: 1,
  at: '2026-11-24T12:00:00.000Z',
  actor: { keyId: null, name: 'admin' },
  requestId: 'r-1',
  action: 'finding.changed',
  target: { type: 'finding', id: 'f-1' },
  before: { status: 'open', assignee: null },
  after: { status: 'triaged', b: 1.0, a: 'é' },
};

describe('the canonical content of an audit entry', () => {
  it('is the JCS text of the entry, keys sorted at every level', () => {
    expect(canonicalContent(entry)).toBe(
      '{"action":"finding.changed","actor":{"keyId":null,"name":"admin"},"after":{"a":"é","b":1,"status":"triaged"},' +
        '"at":"2026-11-24T12:00:00.000Z","before":{"assignee":null,"status":"open"},"requestId":"r-1","seq":1,' +
        '"target":{"id":"f-1","type":"finding"}}',
    );
  });

  it('does not depend on the order fields were written in', () => {
    const reordered = { ...entry, after: { a: 'é', status: 'triaged', b: 1 } };
    expect(canonicalContent(reordered)).toBe(canonicalContent(entry));
  });

  it('writes an absent before or after as null', () => {
    expect(canonicalContent({ ...entry, before: undefined })).toContain('"before":null');
  });

  it('hashes the previous hash followed by the canonical content', () => {
    const expected = crypto
      .createHash('sha256')
      .update(GENESIS_HASH + canonicalContent(entry))
      .digest('hex');
    expect(entryHash(GENESIS_HASH, entry)).toBe(expected);
    expect(entryHash('1'.repeat(64), entry)).not.toBe(expected);
    expect(entryHash(GENESIS_HASH, { ...entry, after: { status: 'fixed' } })).not.toBe(expected);
  });

  it('stores values as JSON keeps them', () => {
    expect(asStoredJson({ at: new Date('2026-01-01T00:00:00Z'), gone: undefined })).toEqual({
      at: '2026-01-01T00:00:00.000Z',
    });
    expect(asStoredJson(undefined)).toBeNull();
  });
});

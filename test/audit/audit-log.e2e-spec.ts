import * as crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import { ForbiddenException } from '@nestjs/common';
import { entryHash } from '../../src/audit/audit-canonical';
import { AuditService } from '../../src/audit/audit.service';
import { ALICE, AUDITOR } from '../support/principals';
import { findingId, findingIds, scanExample } from '../findings/findings-seed';
import { uniqueProject } from '../support/projects';
import { createTestApp, type TestApp } from '../support/test-app';

interface Entry {
  seq: number;
  at: string;
  actor: { keyId: string | null; name: string };
  requestId: string | null;
  action: string;
  target: { type: string; id: string };
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

async function newest(t: TestApp, query = ''): Promise<Entry[]> {
  return (await t.api().get(`/api/v1/audit?limit=500${query}`).expect(200)).body.items;
}

async function verify(t: TestApp) {
  return (await t.api().get('/api/v1/audit/verify').expect(200)).body;
}

/** Runs SQL as the database owner with the append-only triggers off, as someone tampering would. */
async function tamper(t: TestApp, sql: string, params: unknown[] = []): Promise<void> {
  await t.dataSource.transaction(async (manager) => {
    await manager.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await manager.query(sql, params);
    await manager.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
  });
}

/** Three audited mutations: a scan and two triage changes. */
async function someHistory(t: TestApp): Promise<string> {
  const project = uniqueProject('audit');
  await scanExample(t, project, 'support-assistant');
  const id = await findingId(t, project, 'ENC-007', 'summary-archive');
  await t.api().patch(`/api/v1/findings/${id}`).send({ status: 'triaged' }).expect(200);
  await t.api().patch(`/api/v1/findings/${id}`).send({ assignee: 'dana' }).expect(200);
  return id;
}

describe('the audit log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('records each mutation with actor, time, request id, action, target, before and after', async () => {
    const project = uniqueProject('audit-record');
    const { id: scanId } = await scanExample(t, project, 'support-assistant');
    const id = await findingId(t, project, 'ENC-007', 'summary-archive');
    await t
      .api()
      .patch(`/api/v1/findings/${id}`)
      .set('X-Request-Id', 'req-triage-1')
      .send({ status: 'triaged', note: 'looking into it' })
      .expect(200);
    const [change] = await newest(t, `&targetType=finding&targetId=${id}`);
    expect(change).toMatchObject({
      // The admin key the admin token seeded at start.
      actor: { keyId: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'admin' },
      requestId: 'req-triage-1',
      action: 'finding.changed',
      target: { type: 'finding', id },
      before: { status: 'open', assignee: null },
      after: { status: 'triaged', assignee: null, note: 'looking into it' },
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const [scan] = await newest(t, `&targetId=${scanId}`);
    expect(scan).toMatchObject({
      action: 'scan.created',
      target: { type: 'scan', id: scanId },
      before: null,
      after: { project, verdict: 'fail', summary: expect.objectContaining({ new: expect.any(Number) }) },
    });
  });

  it('writes nothing for a refused change: the entry shares the mutation’s transaction', async () => {
    const id = await someHistory(t);
    const before = await newest(t);
    await t.api().patch(`/api/v1/findings/${id}`).send({ status: 'reopened' }).expect(409);
    await t
      .api()
      .patch(`/api/v1/findings/${id}`)
      .send({ status: 'risk_accepted', justification: 'x' })
      .expect(400);
    expect(await newest(t)).toEqual(before);
  });

  it('pages newest first with a cursor, every entry once', async () => {
    await someHistory(t);
    const all = await newest(t);
    expect(all.map((entry) => entry.seq)).toEqual([...all.map((entry) => entry.seq)].sort((a, b) => b - a));
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const { body } = await t.api().get(`/api/v1/audit${query}`).expect(200);
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((entry: Entry) => entry.seq));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((entry) => entry.seq));
    await t.api().get('/api/v1/audit?cursor=not-a-cursor').expect(400);
    await t.api().get('/api/v1/audit?limit=501').expect(400);
  });

  it('is refused UPDATE, DELETE and TRUNCATE by the database itself, even for its owner', async () => {
    await someHistory(t);
    const before = await newest(t);
    await expect(t.dataSource.query("UPDATE audit_log SET actor_name = 'mallory'")).rejects.toThrow(
      /audit_log is append-only: UPDATE is refused/,
    );
    await expect(t.dataSource.query('DELETE FROM audit_log')).rejects.toThrow(
      /audit_log is append-only: DELETE is refused/,
    );
    await expect(t.dataSource.query('TRUNCATE audit_log')).rejects.toThrow(
      /append-only: TRUNCATE is refused/,
    );
    expect(await newest(t)).toEqual(before);
  });

  it('chains each entry to the one before with SHA-256, recomputable offline from the documented form', async () => {
    await someHistory(t);
    const entries = (await newest(t)).reverse();
    let prev = '0'.repeat(64);
    for (const entry of entries) {
      expect(entry.prevHash).toBe(prev);
      const content: Partial<Entry> = { ...entry };
      delete content.prevHash;
      delete content.hash;
      const expected = crypto
        .createHash('sha256')
        .update(prev + canonicalize(content))
        .digest('hex');
      expect(entry.hash).toBe(expected);
      prev = entry.hash;
    }
    expect(await verify(t)).toEqual({ valid: true, entries: entries.length });
  });

  it('is read by admins and auditors only', async () => {
    const audit = t.app.get(AuditService);
    await expect(audit.list(AUDITOR, {})).resolves.toMatchObject({ items: expect.any(Array) });
    await expect(audit.verify(AUDITOR)).resolves.toMatchObject({ valid: true });
    await expect(audit.list(ALICE, {})).rejects.toThrow(ForbiddenException);
    await expect(audit.verify(ALICE)).rejects.toThrow(ForbiddenException);
  });

  it('does not fork the chain under concurrent writers', async () => {
    const project = uniqueProject('audit-concurrent');
    await scanExample(t, project, 'support-assistant');
    const ids = await findingIds(t, project);
    await Promise.all(
      ids.map((id) => t.api().patch(`/api/v1/findings/${id}`).send({ note: 'at the same time' }).expect(200)),
    );
    const seqs = (await newest(t)).map((entry) => entry.seq).reverse();
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(await verify(t)).toMatchObject({ valid: true });
  });
});

describe('GET /audit/verify on a tampered log', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await someHistory(t);
  });
  afterEach(async () => t.close());

  it('names the first entry whose content was changed', async () => {
    expect(await verify(t)).toEqual({ valid: true, entries: 3 });
    await tamper(t, `UPDATE audit_log SET after = '{"status": "risk_accepted"}' WHERE seq = 2`);
    expect(await verify(t)).toEqual({
      valid: false,
      entries: 3,
      firstBrokenEntry: { seq: 2, reason: 'its content does not hash to its stored hash: it was changed' },
    });
  });

  it('names a forged entry whose hash was made to match its new content', async () => {
    const [second] = await t.dataSource.query('SELECT * FROM audit_log WHERE seq = 2');
    // The forger recomputes entry 2's hash; entry 3 still names the old one.
    const forged = entryHash(second.prev_hash, {
      seq: 2,
      at: second.at.toISOString(),
      actor: { keyId: second.actor_key_id, name: 'mallory' },
      requestId: second.request_id,
      action: second.action,
      target: { type: second.target_type, id: second.target_id },
      before: second.before,
      after: second.after,
    });
    await tamper(t, `UPDATE audit_log SET actor_name = 'mallory', hash = $1 WHERE seq = 2`, [forged]);
    expect((await verify(t)).firstBrokenEntry).toEqual({
      seq: 3,
      reason: 'its prev_hash is not the hash of entry 2',
    });
  });

  it('names a row inserted behind the writer’s back', async () => {
    const [last] = await t.dataSource.query('SELECT hash FROM audit_log WHERE seq = 3');
    await t.dataSource.query(
      `INSERT INTO audit_log (seq, at, actor_name, action, target_type, target_id, prev_hash, hash)
       VALUES (4, now(), 'mallory', 'finding.changed', 'finding', 'x', $1, $2)`,
      [last.hash, 'f'.repeat(64)],
    );
    expect(await verify(t)).toEqual({
      valid: false,
      entries: 4,
      firstBrokenEntry: { seq: 4, reason: 'its content does not hash to its stored hash: it was changed' },
    });
  });

  it('notices entries removed from the middle or cut off the end', async () => {
    await tamper(t, 'DELETE FROM audit_log WHERE seq = 3');
    expect((await verify(t)).firstBrokenEntry).toEqual({
      seq: 3,
      reason: 'entry 3 is missing: the chain head names entry 3',
    });
    await tamper(t, 'DELETE FROM audit_log WHERE seq = 1');
    expect(await verify(t)).toEqual({
      valid: false,
      entries: 1,
      firstBrokenEntry: { seq: 1, reason: 'entry 1 is missing (the next entry is 2)' },
    });
  });
});

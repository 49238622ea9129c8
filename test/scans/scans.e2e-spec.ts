import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { findingCount, uniqueProject } from '../support/projects';
import { createTestApp, TEST_NOW, type TestApp } from '../support/test-app';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const supportAssistant = fs.readFileSync(path.join(EXAMPLES, 'support-assistant.yaml'), 'utf8');
const upload = (project: string, content: string, extra: Record<string, unknown> = {}) => ({
  project,
  ref: 'main',
  manifests: [{ path: 'infra/support-assistant.yaml', content }],
  ...extra,
});
/** The archive encrypted: ENC-001, ENC-002 and ENC-007 go away. */
const fixedArchive = supportAssistant.replace(
  '    encryption: { atRest: false }',
  '    encryption: { atRest: true, backupsEncrypted: true }',
);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());
afterEach(() => t.clock.set(TEST_NOW));

const scan = (body: object) => t.api().post('/api/v1/scans').send(body);

async function count(table: string): Promise<number> {
  const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
  return n;
}

/** Status, line and column of a project's finding of a rule on a resource, as stored. */
async function stored(project: string, ruleId: string, resourceId: string) {
  const rows = await t.dataSource.query(
    `SELECT f.id, f.status, f.line, f."column" FROM findings f JOIN projects p ON p.id = f.project_id
     WHERE p.name = $1 AND f.rule_id = $2 AND f.resource_id = $3`,
    [project, ruleId, resourceId],
  );
  expect(rows).toHaveLength(1);
  return rows[0] as { id: string; status: string; line: number; column: number };
}

describe('POST /api/v1/scans', () => {
  it('records a first scan: every finding new, and the verdict against failOn', async () => {
    const project = uniqueProject('first');
    const response = await scan(upload(project, supportAssistant)).expect(201);
    expect(response.body).toMatchObject({ project, ref: 'main', verdict: 'fail', failOn: 'high' });
    expect(response.body.summary).toEqual({
      bySeverity: { critical: 1, high: 6, medium: 3, low: 0 },
      new: 10,
      existing: 0,
      fixed: 0,
      reopened: 0,
    });
    expect(response.body.newFindings.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual([
      'AC-002',
      'AC-003',
      'AC-004',
      'AC-007',
      'ENC-001',
      'ENC-002',
      'ENC-007',
      'ENC-008',
      'GDPR-RET-001',
      'GDPR-TRANSFER-002',
    ]);
    expect(await findingCount(t, project)).toBe(10);
    expect(await findingCount(t, project, 'open')).toBe(10);
  });

  it('recognises the same findings in a rescan, and stores where they moved to', async () => {
    const project = uniqueProject('moved');
    await scan(upload(project, supportAssistant)).expect(201);
    expect(await stored(project, 'ENC-007', 'summary-archive')).toMatchObject({ line: 38, column: 19 });
    // Two comment lines above, and the archive's encryption written as a block: atRest moves
    // from line 38, column 19 to line 41, column 7.
    const moved = supportAssistant
      .replace('# are archived.', '# are archived.\n#\n#')
      .replace('    encryption: { atRest: false }', '    encryption:\n      atRest: false');
    const response = await scan(upload(project, moved)).expect(201);
    expect(response.body.summary).toMatchObject({ new: 0, existing: 10, fixed: 0, reopened: 0 });
    expect(await findingCount(t, project)).toBe(10);
    expect(await stored(project, 'ENC-007', 'summary-archive')).toMatchObject({
      status: 'open',
      line: 41,
      column: 7,
    });
    // A finding whose block only moved down keeps its column.
    expect(await stored(project, 'AC-003', 'support-leads')).toMatchObject({ line: 79, column: 5 });
  });

  it('fixes what a complete scan no longer finds, and reopens it when it comes back', async () => {
    const project = uniqueProject('fix');
    await scan(upload(project, supportAssistant)).expect(201);
    const fixed = await scan(upload(project, fixedArchive)).expect(201);
    expect(fixed.body.summary).toMatchObject({ new: 0, existing: 7, fixed: 3, reopened: 0 });
    expect(fixed.body.fixedFindings.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual([
      'ENC-001',
      'ENC-002',
      'ENC-007',
    ]);
    expect((await stored(project, 'ENC-001', 'summary-archive')).status).toBe('fixed');
    expect(await findingCount(t, project, 'fixed')).toBe(3);

    const regression = await scan(upload(project, supportAssistant)).expect(201);
    expect(regression.body.summary).toMatchObject({ new: 0, existing: 7, reopened: 3, fixed: 0 });
    expect((await stored(project, 'ENC-001', 'summary-archive')).status).toBe('reopened');
    const history = await t.dataSource.query(
      `SELECT e.type, e.from_status, e.to_status FROM finding_events e
       JOIN findings f ON f.id = e.finding_id JOIN projects p ON p.id = f.project_id
       WHERE p.name = $1 AND f.rule_id = 'ENC-001' ORDER BY e.id`,
      [project],
    );
    expect(history).toEqual([
      { type: 'detected', from_status: null, to_status: 'open' },
      { type: 'fixed', from_status: 'open', to_status: 'fixed' },
      { type: 'reopened', from_status: 'fixed', to_status: 'reopened' },
    ]);
  });

  it('does not fix anything on a partial scan', async () => {
    const project = uniqueProject('partial');
    await scan(upload(project, supportAssistant)).expect(201);
    expect(await findingCount(t, project, 'open')).toBe(10);
    const partial = await scan(upload(project, fixedArchive, { complete: false })).expect(201);
    expect(partial.body.summary).toMatchObject({ existing: 7, fixed: 0 });
    expect(partial.body.fixedFindings).toEqual([]);
    expect(await findingCount(t, project, 'open')).toBe(10);
    expect(await findingCount(t, project, 'fixed')).toBe(0);
  });

  it('ends the waiver of a finding a complete scan fixes', async () => {
    const project = uniqueProject('waiver-end');
    await scan(upload(project, supportAssistant)).expect(201);
    const { id } = await stored(project, 'ENC-001', 'summary-archive');
    await t
      .api()
      .patch(`/api/v1/findings/${id}`)
      .send({ status: 'false_positive', justification: 'the archive only holds hashes' })
      .expect(200);
    const [{ n: inForce }] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM waivers WHERE finding_id = $1 AND ended_at IS NULL',
      [id],
    );
    expect(inForce).toBe(1);

    await scan(upload(project, fixedArchive)).expect(201);
    const waivers = await t.dataSource.query(
      'SELECT kind, justification, ended_at FROM waivers WHERE finding_id = $1',
      [id],
    );
    expect(waivers).toEqual([
      { kind: 'false_positive', justification: 'the archive only holds hashes', ended_at: expect.any(Date) },
    ]);
    const { body } = await t.api().get(`/api/v1/findings/${id}`).expect(200);
    expect(body).toMatchObject({ status: 'fixed', waiver: null });
    expect(
      body.history.map((e: { type: string; fromStatus: string; toStatus: string }) => [
        e.type,
        e.fromStatus,
        e.toStatus,
      ]),
    ).toEqual([
      ['detected', null, 'open'],
      ['status_changed', 'open', 'false_positive'],
      ['fixed', 'false_positive', 'fixed'],
    ]);
  });

  describe('the verdict', () => {
    const critical = async (project: string) => (await stored(project, 'AC-003', 'support-leads')).id;

    it('fails on a finding at failOn that is still open', async () => {
      const project = uniqueProject('verdict-open');
      const first = await scan(upload(project, supportAssistant, { failOn: 'critical' })).expect(201);
      expect(first.body.verdict).toBe('fail');
      const again = await scan(upload(project, supportAssistant, { failOn: 'critical' })).expect(201);
      expect(again.body.verdict).toBe('fail');
    });

    it.each([
      ['false_positive', { justification: 'support-leads sign in through the IdP, which enforces MFA' }],
      ['risk_accepted', { justification: 'MFA rollout in Q1', expiresAt: '2027-03-01T00:00:00.000Z' }],
    ])('does not count a finding waived as %s', async (status, waiver) => {
      const project = uniqueProject('verdict-waived');
      await scan(upload(project, supportAssistant, { failOn: 'critical' })).expect(201);
      const id = await critical(project);
      await t
        .api()
        .patch(`/api/v1/findings/${id}`)
        .send({ status, ...waiver })
        .expect(200);
      const waived = await scan(upload(project, supportAssistant, { failOn: 'critical' })).expect(201);
      expect(waived.body.verdict).toBe('pass');
      expect(waived.body.summary.bySeverity.critical).toBe(1);
      // Undoing the decision makes it count again.
      await t.api().patch(`/api/v1/findings/${id}`).send({ status: 'open' }).expect(200);
      const undone = await scan(upload(project, supportAssistant, { failOn: 'critical' })).expect(201);
      expect(undone.body.verdict).toBe('fail');
    });

    it('counts an accepted risk again once it has expired', async () => {
      const project = uniqueProject('verdict-expired');
      await scan(upload(project, supportAssistant, { failOn: 'critical' })).expect(201);
      await t
        .api()
        .patch(`/api/v1/findings/${await critical(project)}`)
        .send({
          status: 'risk_accepted',
          justification: 'MFA rollout',
          expiresAt: '2026-12-01T00:00:00.000Z',
        })
        .expect(200);
      t.clock.set(new Date('2026-11-30T23:59:00Z'));
      expect(
        (await scan(upload(project, supportAssistant, { failOn: 'critical' })).expect(201)).body.verdict,
      ).toBe('pass');
      t.clock.set(new Date('2026-12-01T00:01:00Z'));
      expect(
        (await scan(upload(project, supportAssistant, { failOn: 'critical' })).expect(201)).body.verdict,
      ).toBe('fail');
      expect((await stored(project, 'AC-003', 'support-leads')).status).toBe('reopened');
    });

    it('judges an inline suppression by the service clock: a date-only expiry holds through that day', async () => {
      const project = uniqueProject('verdict-suppressed');
      const suppressed = supportAssistant.replace(
        '    mfa: false',
        '    mfa: false\n    x-vigil-suppress:\n      - { rule: AC-003, reason: break-glass group, expires: 2026-12-01 }',
      );
      t.clock.set(new Date('2026-12-01T23:59:59.999Z'));
      const during = await scan(upload(project, suppressed, { failOn: 'critical' })).expect(201);
      expect(during.body.verdict).toBe('pass');
      t.clock.set(new Date('2026-12-02T00:00:00.000Z'));
      const after = await scan(upload(project, suppressed, { failOn: 'critical' })).expect(201);
      expect(after.body.verdict).toBe('fail');
    });
  });

  it('judges adequacy decisions by the service clock, not the day the tests run', async () => {
    const payroll = fs.readFileSync(path.join(EXAMPLES, 'payroll-sync.yaml'), 'utf8');
    const transfers = async (now: string) => {
      t.clock.set(new Date(now));
      const project = uniqueProject('adequacy');
      await scan({ project, manifests: [{ path: 'infra/payroll-sync.yaml', content: payroll }] }).expect(201);
      const rows = await t.dataSource.query(
        `SELECT f.resource_id FROM findings f JOIN projects p ON p.id = f.project_id
         WHERE p.name = $1 AND f.rule_id = 'GDPR-TRANSFER-001'`,
        [project],
      );
      return rows.map((row: { resource_id: string }) => row.resource_id);
    };
    // The UK decision holds through 2031-12-27: payroll data may be stored by the provider in GB until then.
    expect(await transfers('2031-12-27T12:00:00Z')).toEqual([]);
    expect(await transfers('2031-12-28T12:00:00Z')).toEqual(['payroll-provider']);
  });

  it('answers 422 with the file:line:column list and stores nothing for a broken manifest', async () => {
    const before = await Promise.all(['scans', 'findings', 'finding_events', 'projects'].map(count));
    const broken = supportAssistant.replace('    to: openai', '    to: opena1');
    const response = await scan(upload(uniqueProject('broken'), broken)).expect(422);
    expect(response.body.problems[0]).toMatchObject({
      file: 'infra/support-assistant.yaml',
      line: 46,
      column: 5,
    });
    expect(response.body.problems[0].message).toMatch(
      /'opena1' is not a system of this manifest \(did you mean 'openai'\?\)/,
    );
    expect(await Promise.all(['scans', 'findings', 'finding_events', 'projects'].map(count))).toEqual(before);
  });

  it('rejects malformed bodies with 400 and stores nothing', async () => {
    const before = await count('scans');
    await scan({ manifests: [] }).expect(400);
    await scan({ project: 'x', manifests: 'nope' }).expect(400);
    await scan({ project: 'bad name!', manifests: [{ path: 'a.yaml', content: '' }] }).expect(400);
    await scan({ ...upload(uniqueProject('extra'), supportAssistant), extra: 1 }).expect(400);
    await t
      .api()
      .post('/api/v1/scans')
      .set('Content-Type', 'application/json')
      .send('{"project": ')
      .expect(400);
    expect(await count('scans')).toBe(before);
  });

  it('refuses more files than VIGIL_MAX_MANIFESTS_PER_SCAN with 413', async () => {
    const small = await createTestApp({ maxManifestsPerScan: 1 });
    try {
      const one = upload('small', supportAssistant);
      const two = { ...one, manifests: [one.manifests[0], { path: 'b.yaml', content: '' }] };
      const response = await small.api().post('/api/v1/scans').send(two).expect(413);
      expect(response.body.message).toMatch(/at most 1 files/);
      await small.api().post('/api/v1/scans').send(one).expect(201);
    } finally {
      await small.close();
    }
  });

  it('returns the first scan when the same upload comes again (Idempotency-Key, or commit)', async () => {
    const project = uniqueProject('replay');
    const first = await scan(upload(project, supportAssistant))
      .set('Idempotency-Key', `ci-run-${project}`)
      .expect(201);
    const again = await scan(upload(project, supportAssistant))
      .set('Idempotency-Key', `ci-run-${project}`)
      .expect(200);
    expect(again.body.id).toBe(first.body.id);
    const byCommit = await scan(upload(project, supportAssistant, { commit: 'abc123' })).expect(201);
    expect(byCommit.body.id).not.toBe(first.body.id);
    const sameCommit = await scan(upload(project, supportAssistant, { commit: 'abc123' })).expect(200);
    expect(sameCommit.body.id).toBe(byCommit.body.id);
    const [{ n }] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM scans s JOIN projects p ON p.id = s.project_id WHERE p.name = $1',
      [project],
    );
    expect(n).toBe(2);
  });

  it('never duplicates a finding when scans of one project run at once', async () => {
    const project = uniqueProject('parallel');
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => scan(upload(project, supportAssistant, { ref: `branch-${i}` }))),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(6).fill(201));
    const [{ total, distinct }] = await t.dataSource.query(
      `SELECT count(*)::int AS total, count(DISTINCT fingerprint)::int AS distinct
       FROM findings f JOIN projects p ON p.id = f.project_id WHERE p.name = $1`,
      [project],
    );
    expect(total).toBe(10);
    expect(distinct).toBe(10);
    expect(responses.filter((response) => response.body.summary.new === 10)).toHaveLength(1);
  });

  it('refuses requests without the admin token', async () => {
    const before = await count('scans');
    await request(t.app.getHttpServer())
      .post('/api/v1/scans')
      .send(upload(uniqueProject('anonymous'), supportAssistant))
      .expect(401);
    await request(t.app.getHttpServer())
      .get('/api/v1/scans')
      .set('Authorization', 'Bearer wrong-token')
      .expect(401);
    expect(await count('scans')).toBe(before);
  });
});

describe('GET /api/v1/scans', () => {
  it('pages through scans newest first', async () => {
    const project = uniqueProject('pages');
    const ids: string[] = [];
    for (const ref of ['a', 'b', 'c'])
      ids.push((await scan(upload(project, supportAssistant, { ref })).expect(201)).body.id);
    const first = await t.api().get(`/api/v1/scans?project=${project}&limit=2`).expect(200);
    expect(first.body.items.map((s: { id: string }) => s.id)).toEqual([ids[2], ids[1]]);
    const second = await t
      .api()
      .get(`/api/v1/scans?project=${project}&limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body.items.map((s: { id: string }) => s.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
    await t.api().get('/api/v1/scans?cursor=garbage').expect(400);
  });

  it('shows a scan and the findings it reported', async () => {
    const project = uniqueProject('show');
    const { id } = (await scan(upload(project, supportAssistant)).expect(201)).body;
    const shown = await t.api().get(`/api/v1/scans/${id}`).expect(200);
    expect(shown.body).toMatchObject({ id, project, verdict: 'fail' });
    const findings = await t.api().get(`/api/v1/scans/${id}/findings?limit=4`).expect(200);
    expect(findings.body.items).toHaveLength(4);
    expect(findings.body.items[0]).toMatchObject({ severity: 'critical', ruleId: 'AC-003' });
    const rest = await t
      .api()
      .get(`/api/v1/scans/${id}/findings?cursor=${findings.body.nextCursor}`)
      .expect(200);
    expect(rest.body.items).toHaveLength(6);
    expect(rest.body.nextCursor).toBeNull();
    await t.api().get('/api/v1/scans/00000000-0000-0000-0000-000000000000').expect(404);
    await t.api().get('/api/v1/scans/not-a-uuid').expect(400);
  });
});

describe('GET /health', () => {
  it('answers without a token, with the database state', async () => {
    const response = await request(t.app.getHttpServer()).get('/health').expect(200);
    expect(response.body).toEqual({ status: 'ok', database: 'up' });
  });
});

describe('request ids', () => {
  it("keeps the caller's X-Request-Id and makes one up otherwise", async () => {
    const kept = await t.api().get('/api/v1/scans').set('X-Request-Id', 'ci-run-42').expect(200);
    expect(kept.headers['x-request-id']).toBe('ci-run-42');
    const made = await request(t.app.getHttpServer()).get('/api/v1/scans').expect(401);
    expect(made.headers['x-request-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
